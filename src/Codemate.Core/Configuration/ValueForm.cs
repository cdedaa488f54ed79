namespace Codemate.Configuration;

/// <summary>How an environment-style value is written, and what it becomes in the <c>Codemate</c> section.</summary>
internal enum ValueForm
{
    /// <summary>Taken as written.</summary>
    Text,

    /// <summary>Taken without surrounding white space.</summary>
    Trimmed,

    /// <summary>A file or directory; a leading <c>~</c> is the user's home. Applies to section values too.</summary>
    Path,

    /// <summary><c>true</c>/<c>false</c>, <c>1</c>/<c>0</c>, <c>yes</c>/<c>no</c>, <c>on</c>/<c>off</c>.</summary>
    Boolean,

    /// <summary>A whole number that fits an <see cref="int"/>.</summary>
    Int32,

    /// <summary>A whole number that fits a <see cref="long"/>.</summary>
    Int64,

    /// <summary>A decimal number, written with a dot.</summary>
    Decimal,

    /// <summary>A number of seconds (0 or more), bound to a <see cref="TimeSpan"/>.</summary>
    Seconds,

    /// <summary>A number of minutes (0 or more), bound to a <see cref="TimeSpan"/>.</summary>
    Minutes,

    /// <summary>A number of days (0 or more), bound to a <see cref="TimeSpan"/>.</summary>
    Days,

    /// <summary>An absolute http(s) URL.</summary>
    Url,

    /// <summary>A repository permission GitHub names (<c>read</c> … <c>admin</c>, or the legacy <c>pull</c>/<c>push</c>).</summary>
    Permission,

    /// <summary>A list separated by commas, semicolons or white space; it replaces the section's list.</summary>
    List,

    /// <summary>A comma-separated list; it replaces the section's list.</summary>
    CommaList,
}
