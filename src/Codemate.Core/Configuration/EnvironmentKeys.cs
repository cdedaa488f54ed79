using Codemate.Workspaces;

namespace Codemate.Configuration;

/// <summary>
/// The one table from the environment variable names users know to the <c>Codemate</c> section the options bind
/// from. A variable that is set wins over the section's key.
/// </summary>
internal static class EnvironmentKeys
{
    public static readonly IReadOnlyList<EnvironmentKey> All =
    [
        new(EnvironmentVariables.WebhookSecret, "Codemate:WebhookSecret", ValueForm.Text),
        new(EnvironmentVariables.InsecureSkipSignature, "Codemate:InsecureSkipSignature", ValueForm.Boolean),
        new(EnvironmentVariables.StatusToken, "Codemate:StatusToken", ValueForm.Trimmed),
        new(EnvironmentVariables.WorkspacesRoot, "Codemate:WorkspacesRoot", ValueForm.Path),
        new(EnvironmentVariables.StatePath, "Codemate:StatePath", ValueForm.Path),
        new(EnvironmentVariables.DatabaseUrl, "Codemate:DatabaseUrl", ValueForm.Trimmed),
        new(EnvironmentVariables.ReplicaId, "Codemate:ReplicaId", ValueForm.Trimmed),
        new(EnvironmentVariables.LeaseSeconds, "Codemate:LeaseDuration", ValueForm.Seconds),
        new(EnvironmentVariables.MaxConcurrentIssues, "Codemate:MaxConcurrentIssues", ValueForm.Int32),
        new(EnvironmentVariables.WorkMaxAttempts, "Codemate:WorkMaxAttempts", ValueForm.Int32),
        new(EnvironmentVariables.WorkRetrySeconds, "Codemate:WorkRetryDelay", ValueForm.Seconds),
        new(EnvironmentVariables.MetricsRepositoryLabels, "Codemate:MetricsRepositoryLabels", ValueForm.Boolean),

        new(EnvironmentVariables.GitHubToken, "Codemate:GitHub:Token", ValueForm.Trimmed),
        new(EnvironmentVariables.GitHubAppId, "Codemate:GitHub:AppId", ValueForm.Int64),
        new(EnvironmentVariables.GitHubAppPrivateKey, "Codemate:GitHub:AppPrivateKey", ValueForm.Text),
        new(EnvironmentVariables.GitHubAppPrivateKeyFile, "Codemate:GitHub:AppPrivateKeyFile", ValueForm.Path),
        new(EnvironmentVariables.GitHubAppInstallationId, "Codemate:GitHub:AppInstallationId", ValueForm.Int64),
        new(EnvironmentVariables.GitHubServerUrl, "Codemate:GitHub:ServerUrl", ValueForm.Url),
        new(EnvironmentVariables.GitHubApiUrl, "Codemate:GitHub:ApiUrl", ValueForm.Url),

        new(EnvironmentVariables.Agent, "Codemate:Agent:Agent", ValueForm.Text),
        new(EnvironmentVariables.AgentCommand, "Codemate:Agent:Command", ValueForm.Text),
        new(EnvironmentVariables.SystemPromptFile, "Codemate:Agent:SystemPromptFile", ValueForm.Text),
        new(EnvironmentVariables.TmuxSocket, "Codemate:Agent:TmuxSocket", ValueForm.Text),
        new(EnvironmentVariables.TmuxSocketPath, "Codemate:Agent:TmuxSocketPath", ValueForm.Text),
        new(EnvironmentVariables.AgentGitCredentials, "Codemate:Agent:GitCredentials", ValueForm.Boolean),
        new(EnvironmentVariables.AgentStartSeconds, "Codemate:Agent:StartTimeout", ValueForm.Seconds),
        new(EnvironmentVariables.Sandbox, "Codemate:Agent:Sandbox", ValueForm.Text),
        new(EnvironmentVariables.AgentEnvironment, "Codemate:Agent:Environment", ValueForm.CommaList),

        new(EnvironmentVariables.AllowedUsers, "Codemate:Policy:AllowedUsers", ValueForm.List),
        new(EnvironmentVariables.AllowedRepositories, "Codemate:Policy:AllowedRepositories", ValueForm.List),
        new(EnvironmentVariables.AllowAllRepositories, "Codemate:Policy:AllowAllRepositories", ValueForm.Boolean),
        new(EnvironmentVariables.TriggerLabel, "Codemate:Policy:TriggerLabel", ValueForm.Trimmed),
        new(EnvironmentVariables.TriggerMention, "Codemate:Policy:TriggerMention", ValueForm.Trimmed),
        new(EnvironmentVariables.RequiredPermission, "Codemate:Policy:RequiredPermission", ValueForm.Permission),
        new(EnvironmentVariables.TrustAllowedUsers, "Codemate:Policy:TrustAllowedUsers", ValueForm.Boolean),
        new(EnvironmentVariables.PermissionCacheSeconds, "Codemate:Policy:PermissionCacheDuration", ValueForm.Seconds),
        new(EnvironmentVariables.MaxConcurrentSessions, "Codemate:Policy:MaxConcurrentSessions", ValueForm.Int32),
        new(EnvironmentVariables.MaxPromptChars, "Codemate:Policy:MaxPromptChars", ValueForm.Int32),
        new(EnvironmentVariables.MaxCommentChars, "Codemate:Policy:MaxCommentChars", ValueForm.Int32),
        new(EnvironmentVariables.MaxCommentsPerHour, "Codemate:Policy:MaxCommentsPerHour", ValueForm.Int32),

        new(EnvironmentVariables.MaxSessionMinutes, "Codemate:Workflow:MaxSessionDuration", ValueForm.Minutes),
        new(EnvironmentVariables.MaxIdleMinutes, "Codemate:Workflow:MaxIdleDuration", ValueForm.Minutes),
        new(EnvironmentVariables.HungAgentMinutes, "Codemate:Workflow:HungAgentTimeout", ValueForm.Minutes),
        new(EnvironmentVariables.WorkspaceRetentionDays, "Codemate:Workflow:WorkspaceRetention", ValueForm.Days),
        new(EnvironmentVariables.ReadyForReview, "Codemate:Workflow:ReadyForReview", ValueForm.Boolean),
        new(EnvironmentVariables.MaxCiFixAttempts, "Codemate:Workflow:MaxCiFixAttempts", ValueForm.Int32),
        new(EnvironmentVariables.MaxSessionTokens, "Codemate:Workflow:MaxSessionTokens", ValueForm.Int64),
        new(EnvironmentVariables.MaxSessionCostUsd, "Codemate:Workflow:MaxSessionCostUsd", ValueForm.Decimal),
        new(EnvironmentVariables.MaxDailyCostUsdPerRepository, "Codemate:Workflow:MaxDailyCostUsdPerRepository", ValueForm.Decimal),
        new(EnvironmentVariables.PricesFile, "Codemate:Workflow:PricesFile", ValueForm.Path),

        new(WorkspaceOptions.CommitterNameVariable, "Codemate:Workspaces:CommitterName", ValueForm.Text),
        new(WorkspaceOptions.CommitterEmailVariable, "Codemate:Workspaces:CommitterEmail", ValueForm.Text),
        new(WorkspaceOptions.GitPathVariable, "Codemate:Workspaces:GitPath", ValueForm.Text),
        new(EnvironmentVariables.SpareWorkspace, "Codemate:Workspaces:SpareWorkspace", ValueForm.Boolean),
        new(WorkspaceOptions.CheckpointMaxFilesVariable, "Codemate:Workspaces:CheckpointMaxFiles", ValueForm.Int32),
        new(WorkspaceOptions.CheckpointMaxMegabytesVariable, "Codemate:Workspaces:CheckpointMaxMegabytes", ValueForm.Int32),
        new(WorkspaceOptions.CheckpointMaxFileMegabytesVariable, "Codemate:Workspaces:CheckpointMaxFileMegabytes", ValueForm.Int32),
        new(WorkspaceOptions.CheckpointTimeoutVariable, "Codemate:Workspaces:CheckpointTimeout", ValueForm.Seconds),
    ];

    /// <summary>
    /// Names Codemate reads as they are, beside the Anthropic credentials they stand in for, and binds to no option.
    /// </summary>
    public static readonly IReadOnlyList<string> ReadDirectly = [EnvironmentVariables.ClaudeApiKeyHelper];
}
