using Microsoft.Extensions.Options;

namespace Codemate.Workflow;

/// <summary>The data annotations on <see cref="WorkflowOptions"/>, checked by source-generated code; their messages name the variable to set.</summary>
[OptionsValidator]
internal sealed partial class WorkflowOptionsAnnotations : IValidateOptions<WorkflowOptions>;
