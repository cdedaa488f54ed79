using System.ComponentModel.DataAnnotations;
using Codemate.Configuration;

namespace Codemate.Workspaces;

/// <summary>How Codemate runs git in workspaces. The root directory is <c>CodemateOptions.WorkspacesRoot</c>.</summary>
public sealed class WorkspaceOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Codemate:Workspaces";

    /// <summary>Environment variable for <see cref="CommitterName"/>.</summary>
    public const string CommitterNameVariable = "CODEMATE_GIT_USER_NAME";

    /// <summary>Environment variable for <see cref="CommitterEmail"/>.</summary>
    public const string CommitterEmailVariable = "CODEMATE_GIT_USER_EMAIL";

    /// <summary>Environment variable for <see cref="GitPath"/>.</summary>
    public const string GitPathVariable = "CODEMATE_GIT_PATH";

    /// <summary>Environment variable for <see cref="CheckpointMaxFiles"/>.</summary>
    public const string CheckpointMaxFilesVariable = "CODEMATE_CHECKPOINT_MAX_FILES";

    /// <summary>Environment variable for <see cref="CheckpointMaxMegabytes"/>.</summary>
    public const string CheckpointMaxMegabytesVariable = "CODEMATE_CHECKPOINT_MAX_MB";

    /// <summary>Environment variable for <see cref="CheckpointMaxFileMegabytes"/>.</summary>
    public const string CheckpointMaxFileMegabytesVariable = "CODEMATE_CHECKPOINT_MAX_FILE_MB";

    /// <summary>Environment variable for <see cref="CheckpointTimeout"/>, in seconds.</summary>
    public const string CheckpointTimeoutVariable = "CODEMATE_CHECKPOINT_TIMEOUT_SECONDS";

    /// <summary>Name on the commits Codemate makes and in each workspace's <c>user.name</c> (<c>CODEMATE_GIT_USER_NAME</c>).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "CODEMATE_GIT_USER_NAME must not be empty.")]
    public string CommitterName { get; set; } = "codemate[bot]";

    /// <summary>Email on the commits Codemate makes and in each workspace's <c>user.email</c> (<c>CODEMATE_GIT_USER_EMAIL</c>).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "CODEMATE_GIT_USER_EMAIL must not be empty.")]
    public string CommitterEmail { get; set; } = "codemate[bot]@users.noreply.github.com";

    /// <summary>The git executable (<c>CODEMATE_GIT_PATH</c>, default <c>git</c> from <c>PATH</c>).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "CODEMATE_GIT_PATH must name the git executable.")]
    public string GitPath { get; set; } = "git";

    /// <summary>
    /// Keep one checked-out spare workspace per repository (<c>CODEMATE_SPARE_WORKSPACE</c>, default on), made in the
    /// background after each issue takes one, so the next issue starts without checking out every file. Costs the disk
    /// space of one more checkout per repository.
    /// </summary>
    public bool SpareWorkspace { get; set; } = true;

    /// <summary>How long one git command may run before it is killed (clones of large repositories take a while).</summary>
    [SettingRange(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "The git timeout must be between 1 second and 1 day.")]
    public TimeSpan GitTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The most files a checkpoint commit takes from a worktree at a stop (<c>CODEMATE_CHECKPOINT_MAX_FILES</c>); the
    /// rest stay in the workspace and are named in the commit message.
    /// </summary>
    [SettingRange(1, 1_000_000, ErrorMessage = "CODEMATE_CHECKPOINT_MAX_FILES must be between 1 and 1000000 (files in one checkpoint commit).")]
    public int CheckpointMaxFiles { get; set; } = 10_000;

    /// <summary>The most a checkpoint commit takes in all, in megabytes (<c>CODEMATE_CHECKPOINT_MAX_MB</c>).</summary>
    [SettingRange(1, 10_240, ErrorMessage = "CODEMATE_CHECKPOINT_MAX_MB must be between 1 and 10240 (megabytes in one checkpoint commit).")]
    public int CheckpointMaxMegabytes { get; set; } = 100;

    /// <summary>
    /// The largest file a checkpoint commit takes, in megabytes (<c>CODEMATE_CHECKPOINT_MAX_FILE_MB</c>); GitHub warns
    /// about files over 50 MB and refuses those over 100 MB, so a larger limit would only make the push fail.
    /// </summary>
    [SettingRange(1, 100, ErrorMessage = "CODEMATE_CHECKPOINT_MAX_FILE_MB must be between 1 and 100 (GitHub refuses files over 100 MB).")]
    public int CheckpointMaxFileMegabytes { get; set; } = 50;

    /// <summary>How long a checkpoint may take before it is given up and the stop goes on (<c>CODEMATE_CHECKPOINT_TIMEOUT_SECONDS</c>).</summary>
    [SettingRange(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "CODEMATE_CHECKPOINT_TIMEOUT_SECONDS must be between 1 and 3600 seconds.")]
    public TimeSpan CheckpointTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
