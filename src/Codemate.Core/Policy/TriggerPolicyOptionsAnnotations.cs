using Microsoft.Extensions.Options;

namespace Codemate.Policy;

/// <summary>The data annotations on <see cref="TriggerPolicyOptions"/>, checked by source-generated code; their messages name the variable to set.</summary>
[OptionsValidator]
internal sealed partial class TriggerPolicyOptionsAnnotations : IValidateOptions<TriggerPolicyOptions>;
