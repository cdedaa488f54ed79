namespace Codemate.Testing.AnthropicDouble;

/// <summary>The main conversation's answers: the queued turns first, then the responder, then a default text.</summary>
internal sealed class TurnScript
{
    private readonly Lock _gate = new();
    private readonly Queue<ScriptedTurn> _turns = new();

    public Func<RecordedRequest, ScriptedTurn?>? Responder { get; set; }

    public string DefaultText { get; set; } = "OK.";

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _turns.Count;
            }
        }
    }

    public void Enqueue(IEnumerable<ScriptedTurn> turns)
    {
        lock (_gate)
        {
            foreach (var turn in turns)
            {
                _turns.Enqueue(turn);
            }
        }
    }

    /// <summary>The answer to <paramref name="request"/> (recorded without its answer yet).</summary>
    public ScriptedTurn Next(RecordedRequest request)
    {
        lock (_gate)
        {
            if (_turns.TryDequeue(out var turn))
            {
                return turn;
            }
        }

        return Responder?.Invoke(request) ?? ScriptedTurn.Reply(DefaultText);
    }
}
