using System.Diagnostics;
using System.Text.Json;

namespace Codemate.Testing.Agents;

/// <summary>Reads what one scripted agent logged (<c>{logdir}/{session}.jsonl</c>) and releases its holds.</summary>
public sealed class ScriptedAgentLog(string logDirectory, string sessionName)
{
    public string Path { get; } = System.IO.Path.Combine(logDirectory, sessionName + ".jsonl");

    /// <summary>Every complete line the agent wrote so far.</summary>
    public IReadOnlyList<ScriptedAgentEntry> Entries()
    {
        string text;
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return [];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }

        var complete = text.LastIndexOf('\n');
        return complete < 0
            ? []
            : text[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
    }

    /// <summary>The texts of the messages the agent received, in order.</summary>
    public IReadOnlyList<string> Messages() =>
        Entries().Where(e => e.Kind == "message").Select(e => e.Text ?? string.Empty).ToList();

    /// <summary>Input the agent received while it was busy; a correct supervisor types nothing then.</summary>
    public IReadOnlyList<string> InputWhileBusy() =>
        Entries().Where(e => e.Kind == "input-while-busy").Select(e => e.Text ?? string.Empty).ToList();

    /// <summary>Whether the agent has started (it logs that right after reporting idle).</summary>
    public bool Started => Entries().Any(e => e.Kind == "started");

    /// <summary>Waits until the agent received <paramref name="count"/> messages; fails with what it has after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<string>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        await WaitUntilAsync(() => Messages().Count >= count, timeout, $"{count} message(s)");
        return Messages();
    }

    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds or <paramref name="timeout"/> (default 20 s) passes.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                var entries = string.Join("\n", Entries().Select(e => $"{e.Kind}: {e.Text}"));
                throw new TimeoutException($"The scripted agent did not log {what ?? "the expected entries"} within {limit}. Its log:\n{entries}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Ends the agent's current <c>[[hold]]</c>.</summary>
    public void Release() =>
        File.WriteAllText(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileNameWithoutExtension(Path) + ".release"), "release");

    private static ScriptedAgentEntry Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        return new ScriptedAgentEntry(
            root.GetProperty("kind").GetString()!,
            root.GetProperty("text").GetString(),
            DateTimeOffset.Parse(root.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>One line of the scripted agent's log.</summary>
public sealed record ScriptedAgentEntry(string Kind, string? Text, DateTimeOffset At);
