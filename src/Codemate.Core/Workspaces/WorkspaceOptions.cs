using System.ComponentModel.DataAnnotations;

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
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "The git timeout must be between 1 second and 1 day.")]
    public TimeSpan GitTimeout { get; set; } = TimeSpan.FromMinutes(15);
}
