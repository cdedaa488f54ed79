using System.Globalization;
using Codemate.Policy;

namespace Codemate.Configuration;

/// <summary>
/// Reads environment-style values into the form the options binder takes, and checks values written in the section
/// itself, so that a value that does not parse is a validation failure naming its key, not an exception from binding.
/// </summary>
internal static class ValueForms
{
    private static readonly char[] ListSeparators = [',', ';', ' ', '\t', '\r', '\n'];

    /// <summary>Reads <paramref name="value"/>, written as <paramref name="form"/>, into the values to bind (several for a list).</summary>
    public static bool TryRead(ValueForm form, string value, out string[] values)
    {
        var text = value.Trim();
        string? single = form switch
        {
            ValueForm.Text => value,
            ValueForm.Trimmed => text,
            ValueForm.Path => HomePath.Expand(text),
            ValueForm.Boolean => text.ToUpperInvariant() switch
            {
                "1" or "TRUE" or "YES" or "ON" => "true",
                "0" or "FALSE" or "NO" or "OFF" => "false",
                _ => null,
            },
            ValueForm.Int32 => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? Invariant(number) : null,
            ValueForm.Int64 => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? Invariant(number) : null,
            ValueForm.Decimal => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? Invariant(number) : null,
            ValueForm.Seconds => Duration(text, TimeSpan.FromSeconds, double.MaxValue),
            ValueForm.Minutes => Duration(text, TimeSpan.FromMinutes, 1_000_000),
            ValueForm.Days => Duration(text, TimeSpan.FromDays, 1_000_000),
            ValueForm.Url => IsHttpUrl(text) ? text : null,
            ValueForm.Permission => RepositoryPermissions.TryParse(text, out var permission) && permission != RepositoryPermission.None ? permission.ToString() : null,
            _ => null,
        };
        values = form switch
        {
            ValueForm.List => value.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ValueForm.CommaList => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            _ => single is null ? [] : [single],
        };
        return single is not null || form is ValueForm.List or ValueForm.CommaList;
    }

    /// <summary>What a variable written as <paramref name="form"/> must be, for a message that ends "must be …".</summary>
    public static string Expected(ValueForm form) => form switch
    {
        ValueForm.Boolean => "true or false",
        ValueForm.Int32 or ValueForm.Int64 => "a whole number",
        ValueForm.Decimal => "a number",
        ValueForm.Seconds => "a number of seconds",
        ValueForm.Minutes => "a number of minutes (0 or more)",
        ValueForm.Days => "a number of days (0 or more)",
        ValueForm.Url => "an absolute http(s) URL",
        ValueForm.Permission => "read, triage, write, maintain or admin",
        _ => "text",
    };

    /// <summary>
    /// Checks a value written in the section itself (<c>appsettings.json</c>, <c>Codemate__…</c> variables), which is
    /// in the binder's own form: a <see cref="TimeSpan"/> as <c>hh:mm:ss</c>, a permission by its name.
    /// </summary>
    public static bool IsBindable(ValueForm form, string value, out string expected)
    {
        var text = value.Trim();
        (var valid, expected) = form switch
        {
            ValueForm.Boolean => (bool.TryParse(text, out _), "true or false"),
            ValueForm.Int32 => (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), "a whole number"),
            ValueForm.Int64 => (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), "a whole number"),
            ValueForm.Decimal => (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _), "a number"),
            ValueForm.Seconds or ValueForm.Minutes or ValueForm.Days =>
                (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _), "a time span such as 00:05:00 (d.hh:mm:ss)"),
            ValueForm.Url => (IsHttpUrl(text), "an absolute http(s) URL"),
            ValueForm.Permission => (Enum.TryParse<RepositoryPermission>(text, ignoreCase: true, out var permission) && !int.TryParse(text, out _)
                && permission != RepositoryPermission.None, "read, triage, write, maintain or admin"),
            _ => (true, "text"),
        };
        return valid;
    }

    private static string? Duration(string text, Func<double, TimeSpan> convert, double most)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number is < 0 || number > most || double.IsNaN(number))
        {
            return null;
        }

        try
        {
            return convert(number).ToString("c", CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static string Invariant(IFormattable number) => number.ToString(null, CultureInfo.InvariantCulture);
}
