using Microsoft.Extensions.Logging;

namespace Codemate.Workspaces;

internal sealed partial class WorkspaceManager
{
    private static partial class Log
    {
        [LoggerMessage(4101, LogLevel.Warning, "Refusing to create a workspace: {Reason}")]
        public static partial void UnsafePath(ILogger logger, string reason);

        [LoggerMessage(4102, LogLevel.Information, "Cloning the mirror of {Repository} into {Mirror}")]
        public static partial void CloningMirror(ILogger logger, string repository, string mirror);

        [LoggerMessage(4103, LogLevel.Information, "Fetching the mirror of {Repository} in {Mirror}")]
        public static partial void FetchingMirror(ILogger logger, string repository, string mirror);

        [LoggerMessage(4104, LogLevel.Information, "Reusing the workspace of {Repository}#{Issue} at {Path}")]
        public static partial void ReusingWorkspace(ILogger logger, string repository, int issue, string path);

        [LoggerMessage(4105, LogLevel.Information, "Workspace of {Repository}#{Issue} ready at {Path} on {Branch} (branch existed: {BranchExisted})")]
        public static partial void Prepared(ILogger logger, string repository, int issue, string path, string branch, bool branchExisted);

        [LoggerMessage(4106, LogLevel.Error, "The disk refused the workspace of {Repository}#{Issue}")]
        public static partial void DiskFailed(ILogger logger, Exception exception, string repository, int issue);

        [LoggerMessage(4107, LogLevel.Information, "Pushed {Count} commit(s) on {Branch} from {Path}")]
        public static partial void Pushed(ILogger logger, string path, string branch, int count);

        [LoggerMessage(4108, LogLevel.Information, "Workspace of {Repository}#{Issue} made from the spare checkout at {Path}")]
        public static partial void TookSpare(ILogger logger, string repository, int issue, string path);

        [LoggerMessage(4109, LogLevel.Debug, "Spare checkout of {Repository} ready at {Path}")]
        public static partial void MadeSpare(ILogger logger, string repository, string path);

        [LoggerMessage(4110, LogLevel.Warning, "Could not make the spare checkout of {Repository} at {Path}; the next issue clones without it")]
        public static partial void SpareFailed(ILogger logger, Exception exception, string repository, string path);

        [LoggerMessage(4111, LogLevel.Debug, "The spare checkout of {Repository} is still being made; #{Issue} clones from the mirror instead")]
        public static partial void SpareBusy(ILogger logger, string repository, int issue);
    }
}
