using System.ComponentModel.DataAnnotations;

namespace Codemate.Configuration;

/// <summary>
/// <see cref="RangeAttribute"/> for options, limits read in the invariant culture. The <c>[OptionsValidator]</c>
/// generator replaces <see cref="RangeAttribute"/> itself with a copy that drops <c>ErrorMessage</c>, and the
/// message is what names the variable to set; a derived attribute is used as it is.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false)]
internal sealed class SettingRangeAttribute : RangeAttribute
{
    public SettingRangeAttribute(int minimum, int maximum)
        : base(minimum, maximum)
    {
    }

    public SettingRangeAttribute(double minimum, double maximum)
        : base(minimum, maximum)
    {
    }

    public SettingRangeAttribute(Type type, string minimum, string maximum)
        : base(type, minimum, maximum)
    {
        ParseLimitsInInvariantCulture = true;
        ConvertValueInInvariantCulture = true;
    }
}
