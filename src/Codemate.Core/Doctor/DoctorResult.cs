namespace Codemate.Doctor;

/// <summary>What a check found that did not fail it: fine, worth a warning, or nothing because it does not apply.</summary>
internal sealed record DoctorResult(DoctorOutcome Outcome, string Text)
{
    public static DoctorResult NotApplicable { get; } = new(DoctorOutcome.NotApplicable, string.Empty);

    public static DoctorResult Ok(string found) => new(DoctorOutcome.Ok, found);

    /// <summary>Works, but not as Codemate expects; <paramref name="message"/> says what to do about it.</summary>
    public static DoctorResult Warning(string message) => new(DoctorOutcome.Warning, message);
}
