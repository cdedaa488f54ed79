namespace Codemate.Cli;

/// <summary>Plain aligned columns: readable in a terminal and in a log.</summary>
internal static class Table
{
    public static void Write(string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        Console.WriteLine(Format(headers, widths));
        foreach (var row in all)
        {
            Console.WriteLine(Format(row, widths));
        }
    }

    private static string Format(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
