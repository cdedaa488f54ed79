using System.Reflection;
using Codemate.Configuration;

namespace Codemate.Core.Tests.Documentation;

public sealed class ConfigurationDocumentationTests
{
    public static TheoryData<string> Variables()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(EnvironmentVariables).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            data.Add((string)field.GetRawConstantValue()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Variables))]
    public void Every_environment_variable_is_in_the_README_configuration_table(string variable) =>
        Assert.Contains($"| `{variable}` |", File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")), StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Variables))]
    public void Every_environment_variable_is_in_env_example(string variable) =>
        Assert.Matches($"(?m)^#? ?{variable}=", File.ReadAllText(Path.Combine(RepositoryRoot(), ".env.example")));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Codemate.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Codemate.sln not found above the test directory.");
    }
}
