using Codemate.Issues;
using Microsoft.Extensions.Logging;

namespace Codemate.Hosting;

/// <summary>The handler used until the issue workflow is registered: records that work arrived.</summary>
internal sealed partial class LoggingIssueHandler(ILogger<LoggingIssueHandler> logger) : IIssueHandler
{
    public Task HandleAsync(IssueWork work, CancellationToken cancellationToken)
    {
        Log.Received(logger, work.GetType().Name, work.Issue.Repository.FullName, work.Issue.Number);
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(1201, LogLevel.Information, "Received {Work} for {Repository}#{Issue}")]
        public static partial void Received(ILogger logger, string work, string repository, int issue);
    }
}
