using Microsoft.Extensions.Options;

namespace Codemate.Configuration;

/// <summary>The data annotations on <see cref="CodemateOptions"/>, checked by source-generated code; their messages name the variable to set.</summary>
[OptionsValidator]
internal sealed partial class CodemateOptionsAnnotations : IValidateOptions<CodemateOptions>;
