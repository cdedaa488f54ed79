namespace Codemate.State;

/// <summary>
/// Another process owns the state database: two processes on one file would both run the same pending work
/// (duplicate pastes, duplicate session starts), so the second one refuses to start.
/// </summary>
internal sealed class StateDatabaseInUseException(string message, StateOwner? owner, Exception? innerException) : CodemateException(message, innerException)
{
    /// <summary>What the owner says about itself, when it said anything.</summary>
    public StateOwner? Owner { get; } = owner;
}
