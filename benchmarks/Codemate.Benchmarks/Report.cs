using System.Globalization;
using System.Text;

namespace Codemate.Benchmarks;

/// <summary>
/// Turns the key=value results of one run into the markdown table printed and kept in results.md (and README). Only
/// the part between <see cref="Begin"/> and <see cref="End"/> is generated: the notes written beside it stay.
/// </summary>
internal static class Report
{
    public const string Begin = "<!-- benchmarks/run.sh writes from here to the end marker; edit the notes outside it -->";
    public const string End = "<!-- end of the generated benchmark table -->";

    /// <summary>Prints the table and writes it into <paramref name="output"/> (made if missing) and, if given, <paramref name="readme"/> (which must have the markers).</summary>
    public static int Write(string results, string output, string? readme = null)
    {
        var table = Render(Parse(File.ReadAllLines(results)));
        Console.Write(table);
        var text = readme is null ? null : File.ReadAllText(readme);
        if (readme is not null && !HasMarkers(text!))
        {
            // Checked before anything is written: a run updates both tables or neither.
            Console.Error.WriteLine($"report: {readme} needs '{Begin}' and, after it, '{End}'; no table was updated");
            return 1;
        }

        File.WriteAllText(output, Splice(File.Exists(output) ? File.ReadAllText(output) : "", table));
        if (readme is not null)
        {
            File.WriteAllText(readme, Splice(text!, table));
        }

        return 0;
    }

    private static bool HasMarkers(string document)
    {
        var begin = document.IndexOf(Begin, StringComparison.Ordinal);
        return begin >= 0 && document.IndexOf(End, begin, StringComparison.Ordinal) > begin;
    }

    /// <summary>The last value of each key in a results file's <c>key=value</c> lines.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string> lines) =>
        lines.Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2)).GroupBy(p => p[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="document"/> with <paramref name="generated"/> between the markers: in place of what was there, or
    /// (no markers yet) at the top, with whatever the document held kept below it as notes.
    /// </summary>
    public static string Splice(string document, string generated)
    {
        var block = Begin + "\n" + generated.TrimEnd('\n') + "\n" + End;
        if (!HasMarkers(document))
        {
            return document.Length == 0 ? block + "\n" : block + "\n\n" + document;
        }

        var begin = document.IndexOf(Begin, StringComparison.Ordinal);
        var end = document.IndexOf(End, begin, StringComparison.Ordinal);
        return string.Concat(document.AsSpan(0, begin), block, document.AsSpan(end + End.Length));
    }

    /// <summary>The machine line and the table of one run's results; a value the run did not measure shows as n/a.</summary>
    public static string Render(IReadOnlyDictionary<string, string> r)
    {
        double N(string key) => r.TryGetValue(key, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;
        string F(double value, string unit, string format = "F0") => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture) + unit;
        string Met(double measured, Func<double, bool> target) => double.IsNaN(measured) ? "n/a" : target(measured) ? "yes" : "**no**";

        var table = new StringBuilder();
        table.AppendLine("| Metric | Codemate | Baseline | Ratio | Target | Met? |");
        table.AppendLine("|---|---|---|---|---|---|");
        void Row(string metric, string codemate, string baseline, string ratio, string target, string met) =>
            table.AppendLine(CultureInfo.InvariantCulture, $"| {metric} | {codemate} | {baseline} | {ratio} | {target} | {met} |");

        foreach (var (kind, label, target) in new[] { ("ignored", "ignored (`issues`/`edited`: verified, parsed, ignored)", 1.8), ("accepted", "accepted (`issue_comment`/`created`: recorded in SQLite before the 202)", 1.0) })
        {
            var (cm, peer) = (N($"intake.{kind}.codemate.rps"), N($"intake.{kind}.peer.rps"));
            Row($"Intake, {label}: requests/s", F(cm, ""), F(peer, " (peer)"), F(cm / peer, "×", "F2") + RoundRange(r, kind), $"≥ {target:F1}× peer", Met(cm / peer, x => x >= target));
            var p99 = N($"intake.{kind}.codemate.p99_ms");
            Row($"Intake, {kind}: p50 / p99 latency, 32 connections", $"{F(N($"intake.{kind}.codemate.p50_ms"), " ms", "F2")} / {F(p99, " ms", "F2")}",
                $"{F(N($"intake.{kind}.peer.p50_ms"), " ms", "F2")} / {F(N($"intake.{kind}.peer.p99_ms"), " ms", "F2")} (peer)", "—", "p99 < 5 ms", Met(p99, x => x < 5));
        }

        // Same machine, same load: the ratio is PostgreSQL's cost against the SQLite store, not a target.
        var (postgres, sqlite) = (N("intake.accepted.codemate_pg.rps"), N("intake.accepted.codemate.rps"));
        Row("Intake, accepted, state in PostgreSQL (`CODEMATE_DATABASE_URL`, local server, default durability): requests/s", F(postgres, ""), F(sqlite, " (SQLite)"), F(postgres / sqlite, "×", "F2"), "—", "—");
        Row("Intake, accepted, PostgreSQL: p50 / p99 latency, 32 connections", $"{F(N("intake.accepted.codemate_pg.p50_ms"), " ms", "F2")} / {F(N("intake.accepted.codemate_pg.p99_ms"), " ms", "F2")}",
            $"{F(N("intake.accepted.codemate.p50_ms"), " ms", "F2")} / {F(N("intake.accepted.codemate.p99_ms"), " ms", "F2")} (SQLite)", "—", "—", "—");

        // Two replicas on the same machine share its two cores: the ratio shows what coordinating through one database
        // costs or gains at the intake, not what two hosts would do.
        var replicas = N("intake.accepted.codemate_pg2.rps");
        Row("Intake, accepted, two replicas on one PostgreSQL (load split across both, wrk one thread per replica): requests/s vs one replica", F(replicas, ""), F(postgres, " (1 replica)"), F(replicas / postgres, "×", "F2"), "—", "—");
        Row("Intake, accepted, two replicas on PostgreSQL vs SQLite", F(replicas, ""), F(sqlite, " (SQLite)"), F(replicas / sqlite, "×", "F2"), "—", "—");
        Row("Intake, accepted, two replicas: p50 / p99 latency, 32 connections in all", $"{F(N("intake.accepted.codemate_pg2.p50_ms"), " ms", "F2")} / {F(N("intake.accepted.codemate_pg2.p99_ms"), " ms", "F2")}",
            $"{F(N("intake.accepted.codemate_pg.p50_ms"), " ms", "F2")} / {F(N("intake.accepted.codemate_pg.p99_ms"), " ms", "F2")} (1 replica)", "—", "—", "—");

        var (warm, cold, worktree, clone) = (N("prompt.prepare_warm_ms"), N("prompt.prepare_cold_ms"), N("prompt.git_worktree_add_ms"), N("prompt.git_clone_ms"));
        Row("Issue to workspace, warm (2nd issue, mirror exists) vs `git worktree add`", F(warm, " ms"), F(worktree, " ms"), F(warm / worktree, "×", "F2"), "≤ 1.5×", Met(warm / worktree, x => x <= 1.5));
        Row("Issue to workspace, warm vs fresh `git clone` over smart HTTP", F(warm, " ms"), F(clone, " ms"), F(clone / warm, "× faster", "F1"), "≥ 10× faster", Met(clone / warm, x => x >= 10));
        var noSpare = N("prompt.prepare_warm_nospare_ms");
        Row("Issue to workspace, warm without the spare checkout (`CODEMATE_SPARE_WORKSPACE=false`) vs `git worktree add`", F(noSpare, " ms"), F(worktree, " ms"), F(noSpare / worktree, "×", "F2"), "—", "—");
        Row("Issue to workspace, cold (1st issue: mirror cloned) vs `git clone`", F(cold, " ms"), F(clone, " ms"), F(cold / clone, "×", "F2"), "—", "—");
        var (e2eWarm, e2eCold, started) = (N("prompt.e2e_warm_ms"), N("prompt.e2e_cold_ms"), N("prompt.e2e_warm_agent_started_ms"));
        Row("Issue to prompt pasted in the scripted agent, warm (`codemate serve`, full workflow) vs `git worktree add`", F(e2eWarm, " ms"), F(worktree, " ms"), F(e2eWarm / worktree, "×", "F2"), "≤ 1.5×", Met(e2eWarm / worktree, x => x <= 1.5));
        Row("Issue to prompt, warm vs fresh `git clone`", F(e2eWarm, " ms"), F(clone, " ms"), F(clone / e2eWarm, "× faster", "F1"), "≥ 10× faster", Met(clone / e2eWarm, x => x >= 10));
        Row("Issue to prompt, cold (1st issue: mirror cloned) vs `git clone`", F(e2eCold, " ms"), F(clone, " ms"), F(e2eCold / clone, "×", "F2"), "—", "—");
        Row("Issue to prompt, warm: of which until the agent process reported ready", F(started, " ms"), "—", "—", "—", "—");
        var sessions = F(N("footprint.sessions"), "");
        var agent = r.GetValueOrDefault("footprint.agent", "?");
        Row("Server RSS (`codemate serve` process only), idle", F(N("footprint.idle_mb"), " MB", "F1"), "—", "—", "—", "—");
        Row($"Server RSS with {sessions} live sessions Running in tmux (agent: {agent}; {r.GetValueOrDefault("footprint.live_tmux_sessions", "?")} alive)", F(N("footprint.sessions_mb"), " MB", "F1"), "—", "—", "< 150 MB", Met(N("footprint.sessions_mb"), x => x < 150));
        Row("Server RSS after the first session (code loaded and compiled once for every session)", F(N("footprint.first_session_mb"), " MB", "F1"), "—", "—", "—", "—");
        Row($"Per-session overhead in the server (sessions 2–{sessions})", F(N("footprint.per_session_kb"), " KB", "F1"), "—", "—", "—", "—");
        Row($"tmux server and the {sessions} agents together (not Codemate; for scale)", F(N("footprint.agents_and_tmux_mb"), " MB", "F0"), "—", "—", "—", "—");
        // The lease's part of a takeover scales with the lease and has a bound (lease + lease/3: the lease runs out at most
        // a lease after the kill, and the survivor looks every third of it); starting the new agent is a fixed cost on top.
        var (lease, rounds) = (N("takeover.lease_s"), F(N("takeover.rounds"), ""));
        var (owner, prompt) = (N("takeover.owner_s"), N("takeover.prompt_s"));
        var leaseText = F(lease, " s");
        Row($"Takeover after `kill -9` of the replica running an agent and of its tmux server (two replicas, `CODEMATE_LEASE_SECONDS={F(lease, "")}`): kill to the new agent's prompt on the other replica, median / max of {rounds}",
            $"{F(prompt, " s", "F1")} / {F(N("takeover.prompt_max_s"), " s", "F1")}", $"lease {leaseText}", F(prompt / lease, "× lease", "F2"), "—", "—");
        Row($"Takeover: of which until `issue_owners` names the other replica (lease expired, next heartbeat), median / max of {rounds}",
            $"{F(owner, " s", "F1")} / {F(N("takeover.owner_max_s"), " s", "F1")}", $"lease {leaseText}", F(owner / lease, "× lease", "F2"), "≤ 1.33× (lease + lease/3)", Met(owner / lease, x => x <= 4.0 / 3));
        Row("Takeover: of which until the new agent process started (median)", F(N("takeover.started_s"), " s", "F1"), "—", "—", "—", "—");
        var (p50, p90) = (N("comment.p50_ms"), N("comment.p90_ms"));
        Row($"Comment latency, 202 to the text in the idle agent (its own log), p50 / p90 of {F(N("comment.count"), "")}", $"{F(p50, " ms")} / {F(p90, " ms")}", "—", "—", "p50 < 100 ms", Met(p50, x => x < 100));

        return new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {r.GetValueOrDefault("machine.cpu", "?")}, {r.GetValueOrDefault("machine.nproc", "?")} cores (`nproc`), {r.GetValueOrDefault("machine.memory", "?")} memory (`free -h`). Load generator: {r.GetValueOrDefault("machine.load_generator", "?")}. Repository: {r.GetValueOrDefault("prompt.repository", "?")}. Load average (1/5/15 min) at the start: {r.GetValueOrDefault("machine.load_start", "?")}; at the end: {r.GetValueOrDefault("machine.load_end", "?")}.")
            .AppendLine()
            .Append(table)
            .ToString();
    }

    /// <summary>
    /// The spread behind an intake ratio of medians: the lowest and highest ratio of one round's pair of runs, so a
    /// reader sees how far a single run could have moved it. Empty when the run recorded no rounds.
    /// </summary>
    private static string RoundRange(IReadOnlyDictionary<string, string> r, string kind)
    {
        var ratios = r.GetValueOrDefault($"intake.{kind}.round_ratios", "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(x => double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN)
            .Where(x => !double.IsNaN(x))
            .ToList();
        return ratios.Count < 2 ? "" : string.Create(CultureInfo.InvariantCulture, $" (rounds {ratios.Min():F2}–{ratios.Max():F2})");
    }
}
