using System.Runtime.InteropServices;
using Codemate.Benchmarks;

// benchmarks/run.sh drives these commands; each prints what it measured and appends key=value lines to a results file.

// The GitHub double's host would take SIGINT/SIGTERM as "stop the double" and keep this process running; stop at once
// instead, and let run.sh stop what this process started (codemate, tmux servers, temporary worlds: BENCH_CLEANUP_FILE).
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Environment.Exit(130));
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Environment.Exit(143));
return args switch
{
    ["payloads", var directory, var owner, var repo] => Payloads.Write(directory, owner, repo),
    ["workspace", var work, var results, var commits, var files] => await WorkspaceBenchmark.RunAsync(work, results, Int(commits), Int(files)),
    ["prompt", var work, var results, var dll, var source, var commits, var files, var comments] => await PromptBenchmark.RunAsync(work, results, dll, source, Int(commits), Int(files), Int(comments)),
    ["footprint", var work, var results, var dll, var sessions, var agent, var script] => await FootprintBenchmark.RunAsync(work, results, dll, Int(sessions), agent, script),
    ["takeover", var work, var results, var dll, var database, var lease, var rounds] => await TakeoverBenchmark.RunAsync(work, results, dll, database, Int(lease), Int(rounds)),
    ["report", var results, var output] => Report.Write(results, output),
    ["report", var results, var output, var readme] => Report.Write(results, output, readme),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Codemate.Benchmarks payloads DIR OWNER REPO
               Codemate.Benchmarks workspace WORKDIR RESULTS COMMITS FILES
               Codemate.Benchmarks prompt WORKDIR RESULTS CODEMATE_DLL SOURCE_BARE_REPO COMMITS FILES COMMENTS
               Codemate.Benchmarks footprint WORKDIR RESULTS CODEMATE_DLL SESSIONS bash|scripted IDLE_AGENT_SH
               Codemate.Benchmarks takeover WORKDIR RESULTS CODEMATE_DLL DATABASE_URL LEASE_SECONDS ROUNDS
               Codemate.Benchmarks report RESULTS OUTPUT_MD [README_MD]
        """);
    return 2;
}

static int Int(string value) => int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
