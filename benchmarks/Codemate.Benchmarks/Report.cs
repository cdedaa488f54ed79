namespace Codemate.Benchmarks;

internal static class Report
{
    public static int Write(string results, string output) => 0;
}
