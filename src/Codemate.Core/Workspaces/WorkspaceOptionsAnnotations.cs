using Microsoft.Extensions.Options;

namespace Codemate.Workspaces;

/// <summary>The data annotations on <see cref="WorkspaceOptions"/>, checked by source-generated code; their messages name the variable to set.</summary>
[OptionsValidator]
internal sealed partial class WorkspaceOptionsAnnotations : IValidateOptions<WorkspaceOptions>;
