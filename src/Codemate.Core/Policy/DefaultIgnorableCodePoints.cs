namespace Codemate.Policy;

/// <summary>
/// The Unicode property <c>Default_Ignorable_Code_Point</c>: code points a renderer shows as nothing when it has
/// no special use for them, assigned or not (so characters added by a later Unicode version are already covered).
/// .NET exposes no such property, so the ranges are generated from the Unicode Character Database
/// (<c>DefaultIgnorableCodePoints.g.cs</c>, by <c>tools/generate-default-ignorable.sh</c>).
/// </summary>
internal static partial class DefaultIgnorableCodePoints
{
    /// <summary>The ranges, for tests that check the generated table.</summary>
    public static ReadOnlySpan<(int First, int Last)> Ranges => Table;

    public static bool Contains(int codePoint)
    {
        int low = 0, high = Table.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var (first, last) = Table[middle];
            if (codePoint < first)
            {
                high = middle - 1;
            }
            else if (codePoint > last)
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
