using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>The data annotations on <see cref="AgentOptions"/>, checked by source-generated code; their messages name the variable to set.</summary>
[OptionsValidator]
internal sealed partial class AgentOptionsAnnotations : IValidateOptions<AgentOptions>;
