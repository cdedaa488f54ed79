using Microsoft.Extensions.Configuration;

namespace Codemate.Configuration;

/// <summary>
/// Copies the <c>Codemate</c> section, then sets each key whose environment variable is set (a list replaces the
/// section's list). A value that cannot be read is left out and reported, so binding never throws and startup
/// validation names what to fix.
/// </summary>
internal sealed class EnvironmentNamesProvider(IConfiguration configuration, EnvironmentNamesSource source) : ConfigurationProvider
{
    private const string Root = "Codemate";

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configuration.GetSection(Root).AsEnumerable())
        {
            if (value is not null)
            {
                data[key] = value;
            }
        }

        var problems = new List<ConfigurationProblem>();
        foreach (var entry in EnvironmentKeys.All)
        {
            if (configuration[entry.Variable] is { } value && !string.IsNullOrWhiteSpace(value))
            {
                FromVariable(entry, value, data, problems);
            }
            else if (data.TryGetValue(entry.Key, out var written) && written is not null)
            {
                FromSection(entry, written, data, problems);
            }
        }

        GitHubApiUrl.FollowServer(data);
        Data = data;
        source.Report(problems);
    }

    private static void FromVariable(EnvironmentKey entry, string value, Dictionary<string, string?> data, List<ConfigurationProblem> problems)
    {
        if (!ValueForms.TryRead(entry.Form, value, out var values))
        {
            problems.Add(new(entry.Section, $"{entry.Variable} must be {ValueForms.Expected(entry.Form)}, not '{value}'."));
            return;
        }

        if (entry.Form is ValueForm.List or ValueForm.CommaList)
        {
            foreach (var key in data.Keys.Where(k => k.StartsWith(entry.Key + ":", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                data.Remove(key);
            }

            for (var i = 0; i < values.Length; i++)
            {
                data[$"{entry.Key}:{i}"] = values[i];
            }
        }
        else
        {
            data[entry.Key] = values[0];
        }
    }

    private static void FromSection(EnvironmentKey entry, string value, Dictionary<string, string?> data, List<ConfigurationProblem> problems)
    {
        if (entry.Form is ValueForm.Path)
        {
            data[entry.Key] = HomePath.Expand(value);
        }
        else if (!ValueForms.IsBindable(entry.Form, value, out var expected))
        {
            data.Remove(entry.Key);
            problems.Add(new(entry.Section, $"{entry.Key} must be {expected}, not '{value}' (or set {entry.Variable})."));
        }
    }
}
