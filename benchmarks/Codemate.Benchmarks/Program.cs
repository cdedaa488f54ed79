using Codemate.Benchmarks;

// benchmarks/run.sh drives these commands; each prints what it measured and appends key=value lines to a results file.
return args switch
{
    ["payloads", var directory, var owner, var repo] => Payloads.Write(directory, owner, repo),
    ["workspace", var work, var results, var commits, var files] => await WorkspaceBenchmark.RunAsync(work, results, int.Parse(commits, System.Globalization.CultureInfo.InvariantCulture), int.Parse(files, System.Globalization.CultureInfo.InvariantCulture)),
    ["footprint", var work, var results, var dll, var sessions] => await FootprintBenchmark.RunAsync(work, results, dll, int.Parse(sessions, System.Globalization.CultureInfo.InvariantCulture)),
    ["report", var results, var output] => Report.Write(results, output),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Codemate.Benchmarks payloads DIR OWNER REPO
               Codemate.Benchmarks workspace WORKDIR RESULTS COMMITS FILES
               Codemate.Benchmarks footprint WORKDIR RESULTS CODEMATE_DLL SESSIONS
               Codemate.Benchmarks report RESULTS OUTPUT_MD
        """);
    return 2;
}
