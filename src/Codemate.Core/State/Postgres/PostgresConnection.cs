using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Codemate.Configuration;
using Npgsql;

namespace Codemate.State.Postgres;

/// <summary>
/// Reads <c>CODEMATE_DATABASE_URL</c>: Npgsql's keyword form (<c>Host=…;Port=…;Database=…;Username=…;Password=…</c>) or
/// the URI form libpq and most hosting providers give (<c>postgresql://user:password@host:port/database?sslmode=require</c>).
/// The password is a secret: no message built here contains it, and <see cref="Describe"/> leaves it out.
/// </summary>
internal static class PostgresConnection
{
    /// <summary>Parses <paramref name="value"/>; on failure <paramref name="problem"/> says what is wrong, naming the variable.</summary>
    public static bool TryParse(string value, [NotNullWhen(true)] out NpgsqlConnectionStringBuilder? builder, [NotNullWhen(false)] out string? problem)
    {
        builder = null;
        problem = null;
        var trimmed = value.Trim();
        try
        {
            builder = trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
                ? FromUri(trimmed)
                : new NpgsqlConnectionStringBuilder(trimmed);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or UriFormatException or InvalidOperationException)
        {
            problem = $"{EnvironmentVariables.DatabaseUrl} is not a PostgreSQL connection string ({Redacted(exception.Message, trimmed)}); " +
                "use Host=…;Port=…;Database=…;Username=…;Password=… or postgresql://user:password@host:port/database.";
            return false;
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            problem = $"{EnvironmentVariables.DatabaseUrl} names no host; use Host=… or postgresql://user:password@host:port/database.";
            builder = null;
            return false;
        }

        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            problem = $"{EnvironmentVariables.DatabaseUrl} names no database; use Database=… or postgresql://user:password@host:port/database.";
            builder = null;
            return false;
        }

        return true;
    }

    /// <summary>Parses a value already validated at startup.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string value) =>
        TryParse(value, out var builder, out var problem) ? builder : throw new CodemateException(problem);

    /// <summary>The database for messages and logs: host, port, database and user, never the password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        string.Create(CultureInfo.InvariantCulture, $"PostgreSQL database {builder.Database} on {builder.Host}:{builder.Port}") +
        (string.IsNullOrEmpty(builder.Username) ? string.Empty : $" as {builder.Username}");

    private static NpgsqlConnectionStringBuilder FromUri(string value)
    {
        var uri = new Uri(value, UriKind.Absolute);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var separator = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(separator < 0 ? uri.UserInfo : uri.UserInfo[..separator]);
            if (separator >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(separator + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var parameter = Uri.UnescapeDataString(equals < 0 ? string.Empty : pair[(equals + 1)..]);
            // libpq's names where they differ from Npgsql's; the rest are taken as Npgsql keywords.
            builder[key.ToLowerInvariant() switch
            {
                "sslmode" => "SSL Mode",
                "connect_timeout" => "Timeout",
                "application_name" => "Application Name",
                "options" => "Options",
                _ => key,
            }] = parameter;
        }

        return builder;
    }

    // Npgsql's messages quote the keyword, rarely the value: a message that would show any part of the value that
    // could be the password is replaced by a generic one.
    private static string Redacted(string message, string value)
    {
        foreach (var secret in PasswordCandidates(value))
        {
            if (secret.Length > 0 && message.Contains(secret, StringComparison.Ordinal))
            {
                return "a value could not be read";
            }
        }

        return message;
    }

    private static IEnumerable<string> PasswordCandidates(string value)
    {
        // Everything after "password=" up to the next ';' in the keyword form, and the user info of a URI.
        foreach (var part in value.Split(';'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                yield return part[(equals + 1)..].Trim();
            }
        }

        var at = value.LastIndexOf('@');
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (at > 0 && scheme >= 0 && at > scheme)
        {
            yield return value[(scheme + 3)..at];
            foreach (var piece in value[(scheme + 3)..at].Split(':'))
            {
                yield return piece;
            }
        }
    }
}
