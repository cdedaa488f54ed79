using Codemate.Testing;

namespace Codemate.Benchmarks.Tests;

public sealed class ReportTests : IDisposable
{
    private readonly TempDirectory _directory = new("cm-report");

    [Fact]
    public void Ratios_and_verdicts_come_from_the_runs_own_measurements()
    {
        var table = Report.Render(Report.Parse(
        [
            "intake.ignored.codemate.rps=20000", "intake.ignored.peer.rps=10000", "intake.ignored.codemate.p99_ms=3.5",
            "intake.accepted.codemate.rps=9000", "intake.accepted.peer.rps=10000", "intake.accepted.codemate.p99_ms=8.25",
            "prompt.git_clone_ms=2000", "prompt.git_worktree_add_ms=1000", "prompt.e2e_warm_ms=250",
        ]));

        Assert.Contains("| 20000 | 10000 (peer) | 2.00× | ≥ 1.8× peer | yes |", table, StringComparison.Ordinal);
        Assert.Contains("| 9000 | 10000 (peer) | 0.90× | ≥ 1.0× peer | **no** |", table, StringComparison.Ordinal);
        Assert.Contains("/ 8.25 ms | n/a / n/a (peer) | — | p99 < 5 ms | **no** |", table, StringComparison.Ordinal);
        Assert.Contains("| Issue to prompt, warm vs fresh `git clone` | 250 ms | 2000 ms | 8.0× faster | ≥ 10× faster | **no** |", table, StringComparison.Ordinal);
        Assert.Contains("| 250 ms | 1000 ms | 0.25× | ≤ 1.5× | yes |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void An_intake_ratio_shows_the_lowest_and_highest_round_beside_it()
    {
        var table = Report.Render(Report.Parse(
        [
            "intake.accepted.codemate.rps=10500", "intake.accepted.peer.rps=10000", "intake.accepted.round_ratios=1.12 0.91 1.05 0.97 1.20",
            "intake.ignored.codemate.rps=20000", "intake.ignored.peer.rps=10000",
        ]));

        Assert.Contains("| 10500 | 10000 (peer) | 1.05× (rounds 0.91–1.20) | ≥ 1.0× peer | yes |", table, StringComparison.Ordinal);
        Assert.Contains("| 20000 | 10000 (peer) | 2.00× | ≥ 1.8× peer | yes |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Intake_with_state_in_PostgreSQL_is_reported_as_a_ratio_to_SQLite_without_a_target()
    {
        var table = Report.Render(Report.Parse(
        [
            "intake.accepted.codemate.rps=10000", "intake.accepted.codemate.p50_ms=2.5", "intake.accepted.codemate.p99_ms=7.5",
            "intake.accepted.codemate_pg.rps=4000", "intake.accepted.codemate_pg.p50_ms=7.25", "intake.accepted.codemate_pg.p99_ms=15.5",
        ]));

        Assert.Contains("default durability): requests/s | 4000 | 10000 (SQLite) | 0.40× | — | — |", table, StringComparison.Ordinal);
        Assert.Contains("| Intake, accepted, PostgreSQL: p50 / p99 latency, 32 connections | 7.25 ms / 15.50 ms | 2.50 ms / 7.50 ms (SQLite) | — | — | — |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Intake_on_two_replicas_is_reported_as_a_ratio_to_one_replica_and_to_SQLite()
    {
        var table = Report.Render(Report.Parse(
        [
            "intake.accepted.codemate.rps=10000", "intake.accepted.codemate_pg.rps=4000", "intake.accepted.codemate_pg.p50_ms=7.25", "intake.accepted.codemate_pg.p99_ms=15.5",
            "intake.accepted.codemate_pg2.rps=5000", "intake.accepted.codemate_pg2.p50_ms=6", "intake.accepted.codemate_pg2.p99_ms=20.25",
        ]));

        Assert.Contains("requests/s vs one replica | 5000 | 4000 (1 replica) | 1.25× | — | — |", table, StringComparison.Ordinal);
        Assert.Contains("| Intake, accepted, two replicas on PostgreSQL vs SQLite | 5000 | 10000 (SQLite) | 0.50× | — | — |", table, StringComparison.Ordinal);
        Assert.Contains("32 connections in all | 6.00 ms / 20.25 ms | 7.25 ms / 15.50 ms (1 replica) | — | — | — |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Takeover_is_reported_in_seconds_and_as_a_ratio_to_the_lease()
    {
        var table = Report.Render(Report.Parse(
        [
            "takeover.lease_s=3", "takeover.rounds=3", "takeover.owner_s=3.6", "takeover.owner_max_s=4.5",
            "takeover.started_s=4.2", "takeover.prompt_s=4.8", "takeover.prompt_max_s=6.3",
        ]));

        Assert.Contains("(two replicas, `CODEMATE_LEASE_SECONDS=3`): kill to the new agent's prompt on the other replica, median / max of 3 | 4.8 s / 6.3 s | lease 3 s | 1.60× lease | — | — |", table, StringComparison.Ordinal);
        Assert.Contains("next heartbeat), median / max of 3 | 3.6 s / 4.5 s | lease 3 s | 1.20× lease | ≤ 1.33× (lease + lease/3) | yes |", table, StringComparison.Ordinal);
        Assert.Contains("| Takeover: of which until the new agent process started (median) | 4.2 s |", table, StringComparison.Ordinal);

        var slow = Report.Render(Report.Parse(["takeover.lease_s=3", "takeover.owner_s=4.5", "takeover.prompt_s=6.5"]));
        Assert.Contains("| 2.17× lease | — | — |", slow, StringComparison.Ordinal);
        Assert.Contains("| 1.50× lease | ≤ 1.33× (lease + lease/3) | **no** |", slow, StringComparison.Ordinal);
    }

    [Fact]
    public void What_a_partial_run_did_not_measure_shows_as_not_available_not_as_missed()
    {
        var table = Report.Render(Report.Parse(["comment.p50_ms=12", "comment.p90_ms=17", "comment.count=50"]));

        Assert.DoesNotContain("**no**", table, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", table, StringComparison.Ordinal);
        Assert.Contains("p50 / p90 of 50 | 12 ms / 17 ms | — | — | p50 < 100 ms | yes |", table, StringComparison.Ordinal);
        Assert.Contains("| Intake, accepted (`issue_comment`/`created`: recorded in SQLite before the 202): requests/s | n/a | n/a | n/a | ≥ 1.0× peer | n/a |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_value_of_a_key_wins_and_values_may_contain_equals_signs()
    {
        var results = Report.Parse(["a=1", "not a result", "b=x=y", "a=2"]);

        Assert.Equal("2", results["a"]);
        Assert.Equal("x=y", results["b"]);
        Assert.Equal(2, results.Count);
    }

    [Fact]
    public void Rewriting_the_table_keeps_the_notes_written_around_it()
    {
        var document = $"# Results\n\n{Report.Begin}\nold table\n{Report.End}\n\n- a note on the old table\n";

        var spliced = Report.Splice(document, "new table\n");

        Assert.Equal($"# Results\n\n{Report.Begin}\nnew table\n{Report.End}\n\n- a note on the old table\n", spliced);
        Assert.Equal(spliced, Report.Splice(spliced, "new table\n"));
    }

    [Fact]
    public void A_document_without_markers_gets_the_table_on_top_and_keeps_what_it_had()
    {
        Assert.Equal($"{Report.Begin}\nt\n{Report.End}\n\nnotes\n", Report.Splice("notes\n", "t\n"));
        Assert.Equal($"{Report.Begin}\nt\n{Report.End}\n", Report.Splice("", "t\n"));
    }

    [Fact]
    public void A_full_run_updates_results_and_the_readme_between_their_markers()
    {
        var results = _directory.Combine("results.txt");
        File.WriteAllLines(results, ["machine.nproc=2", "comment.p50_ms=12"]);
        var output = _directory.Combine("results.md");
        var readme = _directory.Combine("README.md");
        File.WriteAllText(readme, $"# Performance\n\n{Report.Begin}\nstale\n{Report.End}\n\n- why\n");

        Assert.Equal(0, Report.Write(results, output, readme));

        var updated = File.ReadAllText(readme);
        Assert.DoesNotContain("stale", updated, StringComparison.Ordinal);
        Assert.Contains("2 cores", updated, StringComparison.Ordinal);
        Assert.EndsWith($"{Report.End}\n\n- why\n", updated, StringComparison.Ordinal);
        Assert.Contains("| 12 ms / n/a |", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void A_readme_without_markers_is_left_alone_and_the_run_says_so()
    {
        var results = _directory.Combine("results.txt");
        File.WriteAllLines(results, ["comment.p50_ms=12"]);
        var readme = _directory.Combine("README.md");
        File.WriteAllText(readme, "# A readme someone rewrote\n");

        Assert.Equal(1, Report.Write(results, _directory.Combine("results.md"), readme));
        Assert.Equal("# A readme someone rewrote\n", File.ReadAllText(readme));
    }

    [Fact]
    public void A_readme_with_only_the_begin_marker_stops_the_run_before_either_table_is_written()
    {
        var results = _directory.Combine("results.txt");
        File.WriteAllLines(results, ["comment.p50_ms=12"]);
        var output = _directory.Combine("results.md");
        File.WriteAllText(output, "previous results\n");
        var readme = _directory.Combine("README.md");
        var broken = $"# Codemate\n\n{Report.Begin}\nthe end marker was deleted\n";
        File.WriteAllText(readme, broken);

        Assert.Equal(1, Report.Write(results, output, readme));
        Assert.Equal(broken, File.ReadAllText(readme));
        Assert.Equal("previous results\n", File.ReadAllText(output));
    }

    [Fact]
    public void The_published_tables_carry_the_markers_the_full_run_rewrites()
    {
        foreach (var file in new[] { SourceTree.File("README.md"), SourceTree.File("benchmarks", "results.md") })
        {
            var text = File.ReadAllText(file);
            var begin = text.IndexOf(Report.Begin, StringComparison.Ordinal);
            Assert.True(begin >= 0, $"{file} has no '{Report.Begin}'");
            Assert.True(text.IndexOf(Report.End, begin, StringComparison.Ordinal) > begin, $"{file} has no '{Report.End}' after the begin marker");
        }
    }

    public void Dispose() => _directory.Dispose();
}
