namespace Codemate.Cli.Commands;

/// <summary>Where a server listening on some addresses takes webhooks from this machine.</summary>
internal static class LocalWebhook
{
    /// <summary>
    /// The first plain-HTTP address (else the first at all) with a wildcard host (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>,
    /// <c>+</c>) replaced by loopback, and <c>/webhook</c> appended; <see langword="null"/> when there is none.
    /// </summary>
    public static Uri? For(IEnumerable<string> addresses)
    {
        var parsed = addresses
            .Select(a => Uri.TryCreate(a.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .ToList();
        var chosen = parsed.FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttp) ?? parsed.FirstOrDefault();
        if (chosen is null)
        {
            return null;
        }

        var builder = new UriBuilder(chosen) { Path = "/webhook" };
        if (chosen.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "127.0.0.1";
        }

        return builder.Uri;
    }
}
