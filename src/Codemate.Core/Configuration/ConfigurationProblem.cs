namespace Codemate.Configuration;

/// <summary>A configured value that could not be read; its options fail validation with <paramref name="Message"/>.</summary>
/// <param name="Section">The section of the options it belongs to, such as <c>Codemate:Policy</c>.</param>
/// <param name="Message">What to set, naming the variable or key and the form its value must have.</param>
internal sealed record ConfigurationProblem(string Section, string Message);
