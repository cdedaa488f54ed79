using System.Reflection;
using Codemate.Configuration;
using Codemate.Testing;

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
        Assert.Contains($"| `{variable}` |", File.ReadAllText(SourceTree.File("README.md")), StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Variables))]
    public void Every_environment_variable_is_in_env_example(string variable) =>
        Assert.Matches($"(?m)^#? ?{variable}=", File.ReadAllText(SourceTree.File(".env.example")));
}
