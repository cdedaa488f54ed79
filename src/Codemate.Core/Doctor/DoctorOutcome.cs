namespace Codemate.Doctor;

/// <summary>How a check of <see cref="CodemateDoctor"/> came out.</summary>
public enum DoctorOutcome
{
    /// <summary>What the server needs is there.</summary>
    Ok,

    /// <summary>It works, but not as Codemate expects; the text says what to do about it.</summary>
    Warning,

    /// <summary>The server cannot work so; the text says exactly what to fix.</summary>
    Failed,

    /// <summary>The check does not apply to this configuration (a Claude Code check with another agent).</summary>
    NotApplicable,
}
