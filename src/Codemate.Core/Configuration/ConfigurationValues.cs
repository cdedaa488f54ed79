using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Codemate.Configuration;

/// <summary>Reads the flat, environment-style keys (<c>GITHUB_TOKEN</c>) that override the <c>Codemate</c> section.</summary>
internal static class ConfigurationValues
{
    public static void String(IConfiguration configuration, string key, Action<string> apply)
    {
        var value = configuration[key];
        if (!string.IsNullOrWhiteSpace(value))
        {
            apply(value);
        }
    }

    public static void Boolean(IConfiguration configuration, string key, Action<bool> apply) =>
        String(configuration, key, value => apply(value.Trim().ToUpperInvariant() switch
        {
            "1" or "TRUE" or "YES" or "ON" => true,
            "0" or "FALSE" or "NO" or "OFF" => false,
            _ => throw new CodemateException($"{key} must be true or false, not '{value}'."),
        }));

    public static void Int32(IConfiguration configuration, string key, Action<int> apply) =>
        String(configuration, key, value => apply(int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new CodemateException($"{key} must be a whole number, not '{value}'.")));

    public static void Int64(IConfiguration configuration, string key, Action<long> apply) =>
        String(configuration, key, value => apply(long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new CodemateException($"{key} must be a whole number, not '{value}'.")));

    public static void Decimal(IConfiguration configuration, string key, Action<decimal> apply) =>
        String(configuration, key, value => apply(decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new CodemateException($"{key} must be a number, not '{value}'.")));

    public static void Seconds(IConfiguration configuration, string key, Action<TimeSpan> apply) =>
        String(configuration, key, value => apply(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new CodemateException($"{key} must be a number of seconds, not '{value}'.")));

    public static void Minutes(IConfiguration configuration, string key, Action<TimeSpan> apply) =>
        Units(configuration, key, "minutes", TimeSpan.FromMinutes, apply);

    public static void Days(IConfiguration configuration, string key, Action<TimeSpan> apply) =>
        Units(configuration, key, "days", TimeSpan.FromDays, apply);

    private static void Units(IConfiguration configuration, string key, string unit, Func<double, TimeSpan> convert, Action<TimeSpan> apply) =>
        String(configuration, key, value => apply(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 && number <= 1_000_000
            ? convert(number)
            : throw new CodemateException($"{key} must be a number of {unit} (0 or more), not '{value}'.")));

    public static string ExpandHome(string path) =>
        path.StartsWith('~')
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;
}
