namespace Codemate.Doctor;

/// <summary>One thing <c>codemate serve</c> needs, and how to tell whether it is there.</summary>
/// <param name="Name">What is checked, in a few words.</param>
/// <param name="RunAsync">Returns what was found, or throws <see cref="DoctorFailure"/> saying what to fix.</param>
internal sealed record DoctorCheck(string Name, Func<IServiceProvider, CancellationToken, Task<DoctorResult>> RunAsync);

/// <summary>A failed check: what is wrong and exactly what to do about it.</summary>
internal sealed class DoctorFailure(string message) : Exception(message);
