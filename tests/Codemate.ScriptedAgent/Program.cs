using Codemate.Scripted;

// A stand-in for a coding agent, run in real tmux by the tests. See AgentLoop for what it does.
var logDirectory = args.Length == 2 && args[0] == "--log"
    ? Path.GetFullPath(args[1])
    : throw new ArgumentException("usage: Codemate.ScriptedAgent --log DIR");
var session = Environment.GetEnvironmentVariable("CODEMATE_SESSION_NAME") ?? "agent";
var statusFile = Environment.GetEnvironmentVariable("CODEMATE_STATUS_FILE");
Directory.CreateDirectory(logDirectory);
return new AgentLoop(logDirectory, session, statusFile).Run();
