using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Codemate.Scripted;

/// <summary>
/// Puts its terminal in raw mode and asks for bracketed paste, reports <c>idle</c>, then takes every message
/// pasted between <c>ESC[200~</c> and <c>ESC[201~</c> and submitted with Enter: reports <c>busy</c>, logs the exact
/// text, obeys its directives (<c>[[hold]]</c>, <c>[[commit NAME]]</c>, <c>[[write NAME]]</c>, <c>[[push]]</c>, <c>[[env]]</c>, <c>[[sleep MS]]</c>,
/// <c>[[usage TOKENS]]</c>, <c>[[exit]]</c>) and
/// reports <c>idle</c> again. Input that arrives while it is busy is logged as a violation.
/// </summary>
internal sealed partial class AgentLoop(string logDirectory, string session, string? statusFile)
{
    private static readonly byte[] PasteStart = "\e[200~"u8.ToArray();
    private static readonly byte[] PasteEnd = "\e[201~"u8.ToArray();
    private readonly BlockingCollection<string> _messages = [];
    private readonly AgentLog _log = new(Path.Combine(logDirectory, session + ".jsonl"));
    private volatile bool _busy;

    public int Run()
    {
        if (!RawTerminal.TryEnable())
        {
            Console.Error.WriteLine("standard input is not a terminal");
            return 2;
        }

        using var output = Console.OpenStandardOutput();
        output.Write("\e[?2004h"u8);
        output.Write("scripted agent ready\r\n"u8);
        output.Flush();

        var reader = new Thread(ReadInput) { IsBackground = true, Name = "stdin" };
        reader.Start();
        WriteStatus("idle");
        _log.Write("started", null);

        foreach (var message in _messages.GetConsumingEnumerable())
        {
            _log.Write("message", message);
            if (!Obey(message))
            {
                _log.Write("exit", null);
                return 0;
            }

            _busy = false;
            WriteStatus("idle");
        }

        return 0;
    }

    private void ReadInput()
    {
        using var input = Console.OpenStandardInput();
        var pending = new List<byte>();
        var inPaste = false;
        var awaitingEnter = false;
        var buffer = new byte[8192];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (_busy)
            {
                _log.Write("input-while-busy", Encoding.UTF8.GetString(buffer, 0, read));
                continue;
            }

            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (awaitingEnter)
                {
                    if (b is (byte)'\r' or (byte)'\n')
                    {
                        awaitingEnter = false;
                        _busy = true;
                        WriteStatus("busy");
                        _messages.Add(Encoding.UTF8.GetString([.. pending]));
                        pending.Clear();
                    }

                    continue;
                }

                pending.Add(b);
                if (!inPaste && EndsWith(pending, PasteStart))
                {
                    inPaste = true;
                    pending.Clear();
                }
                else if (inPaste && EndsWith(pending, PasteEnd))
                {
                    inPaste = false;
                    awaitingEnter = true;
                    pending.RemoveRange(pending.Count - PasteEnd.Length, PasteEnd.Length);
                }
                else if (!inPaste && pending.Count > PasteStart.Length)
                {
                    pending.RemoveAt(0);
                }
            }
        }

        _messages.CompleteAdding();
    }

    /// <returns><see langword="false"/> when the message said <c>[[exit]]</c>.</returns>
    private bool Obey(string message)
    {
        foreach (Match directive in Directive().Matches(message))
        {
            var verb = directive.Groups["verb"].Value;
            var argument = directive.Groups["arg"].Value;
            switch (verb)
            {
                case "hold":
                    var release = Path.Combine(logDirectory, session + ".release");
                    while (!File.Exists(release))
                    {
                        Thread.Sleep(20);
                    }

                    File.Delete(release);
                    _log.Write("released", null);
                    break;
                case "sleep":
                    Thread.Sleep(int.Parse(argument, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "commit":
                    File.WriteAllText(Path.Combine(Environment.CurrentDirectory, argument), $"written by the scripted agent for {session}\n");
                    RunQuietly("git", ["add", "--", argument]);
                    RunQuietly("git", ["-c", "user.name=agent", "-c", "user.email=agent@example.com", "commit", "-q", "-m", $"Add {argument}"]);
                    _log.Write("committed", argument);
                    break;
                case "write":
                    // Work left uncommitted, as an agent stopped mid-task leaves it.
                    File.WriteAllText(Path.Combine(Environment.CurrentDirectory, argument), $"left uncommitted by the scripted agent for {session}\n");
                    _log.Write("wrote", argument);
                    break;
                case "push":
                    // What an agent with its own credentials does: push its branch itself. Never prompts.
                    var branch = Environment.GetEnvironmentVariable("CODEMATE_BRANCH") ?? "HEAD";
                    var (exitCode, error) = RunQuietly("git", ["push", "--quiet", "origin", $"HEAD:refs/heads/{branch}"], new() { ["GIT_TERMINAL_PROMPT"] = "0" });
                    _log.Write(exitCode == 0 ? "pushed" : "push-failed", exitCode == 0 ? branch : error.Trim());
                    break;
                case "env":
                    // Everything the agent could read about itself: its environment and its arguments.
                    var variables = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                        .Select(e => $"{e.Key}={e.Value}").Order(StringComparer.Ordinal);
                    _log.Write("env", string.Join("\n", variables) + "\nargv=" + string.Join(" ", Environment.GetCommandLineArgs()));
                    break;
                case "usage":
                    // What a command agent reports of its model use: one line per turn in CODEMATE_USAGE_FILE.
                    var tokens = long.Parse(argument, System.Globalization.CultureInfo.InvariantCulture);
                    File.AppendAllText(
                        Environment.GetEnvironmentVariable("CODEMATE_USAGE_FILE")!,
                        $$"""{"model":"scripted-model","input_tokens":{{tokens}},"output_tokens":1}""" + "\n");
                    _log.Write("usage", argument);
                    break;
                case "exit":
                    return false;
            }
        }

        return true;
    }

    private void WriteStatus(string word)
    {
        if (statusFile is not null)
        {
            // In place, like a shell hook's "printf idle > file".
            File.WriteAllText(statusFile, word + "\n");
        }
    }

    private static (int ExitCode, string Error) RunQuietly(string program, string[] arguments, Dictionary<string, string>? environment = null)
    {
        // Fully redirected, so .NET leaves the terminal alone (see RawTerminal).
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        _ = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, error.Result);
    }

    private static bool EndsWith(List<byte> bytes, byte[] suffix)
    {
        if (bytes.Count < suffix.Length)
        {
            return false;
        }

        for (var i = 0; i < suffix.Length; i++)
        {
            if (bytes[bytes.Count - suffix.Length + i] != suffix[i])
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"\[\[(?<verb>hold|exit|sleep|commit|write|push|env|usage)(?: (?<arg>[^\]\s]+))?\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex Directive();
}
