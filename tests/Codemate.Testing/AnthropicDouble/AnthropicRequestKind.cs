namespace Codemate.Testing.AnthropicDouble;

/// <summary>What the double took a request for; see <c>RequestClassifier</c> for how it decides.</summary>
public enum AnthropicRequestKind
{
    /// <summary>A turn of the agent's conversation: answered from the script.</summary>
    MainConversation,

    /// <summary>A request Claude Code makes for itself (session title, quota check…): answered harmlessly, script untouched.</summary>
    SideRequest,

    /// <summary><c>POST /v1/messages/count_tokens</c>.</summary>
    CountTokens,

    /// <summary><c>GET</c>/<c>HEAD /api/hello</c>, Claude Code's connectivity check.</summary>
    Hello,

    /// <summary>Anything else: answered 404.</summary>
    Unknown,
}
