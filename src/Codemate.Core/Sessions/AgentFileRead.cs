namespace Codemate.Sessions;

/// <summary>What <see cref="AgentFile.Read"/> found.</summary>
internal enum AgentFileRead
{
    /// <summary>A regular file, read whole.</summary>
    Read,

    /// <summary>No such file, or it could not be opened.</summary>
    Missing,

    /// <summary>Not a regular file: a symbolic link, FIFO, device, socket or directory. Nothing was read.</summary>
    NotRegular,

    /// <summary>Longer than the limit. Its text is not used.</summary>
    TooLarge,
}
