namespace Codemate.Doctor;

/// <summary>What one check of <see cref="CodemateDoctor"/> found.</summary>
/// <param name="Check">What was checked, in a few words (<c>tmux</c>, <c>GitHub credentials</c>).</param>
/// <param name="Outcome">How the check came out.</param>
/// <param name="Text">What was found; for a warning or a failure, what to do about it.</param>
public sealed record DoctorFinding(string Check, DoctorOutcome Outcome, string Text);
