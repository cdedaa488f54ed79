using System.Text.Json;

namespace Codemate.Webhooks;

/// <summary>
/// One forward pass over the body that proves it is a well-formed JSON object no deeper than allowed and picks out
/// its top-level <c>action</c> (and <c>pull_request.head.ref</c>, so pull requests on other branches are ignored unparsed).
/// That is all an ignored event needs, and no delivery pays for a <see cref="JsonDocument"/> it would throw away. Handled
/// events whose body starts with their action skip it: their one typed read checks the same (see EventRouter).
/// </summary>
internal readonly record struct PayloadScan(string? Action, string? Error, string? HeadRef = null)
{
    /// <summary>
    /// Reads the <c>action</c> when it is the body's first property, as GitHub always sends it, without reading on.
    /// Says nothing about the rest of the body: whoever takes this shortcut must still read the whole of it.
    /// </summary>
    public static bool TryPeekAction(ReadOnlySpan<byte> json, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? action)
    {
        action = null;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("action"u8)
                && reader.Read() && reader.TokenType == JsonTokenType.String)
            {
                action = reader.GetString();
            }
        }
        catch (JsonException)
        {
            // Not even the start is well-formed: the full scan says what is wrong.
        }
        catch (InvalidOperationException)
        {
            // The action is not valid UTF-8; likewise.
        }

        return action is not null;
    }

    public static PayloadScan Read(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            if (!reader.Read())
            {
                return new(null, "Body is not valid JSON.");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                // The rest must still be valid JSON for the error to be about the shape, not the syntax.
                reader.Skip();
                return reader.Read() ? new(null, "Body is not valid JSON.") : new(null, "Body must be a JSON object.");
            }

            string? action = null;
            string? headRef = null;
            bool inPullRequest = false, inHead = false;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                switch (reader.CurrentDepth)
                {
                    case 1:
                        inPullRequest = reader.ValueTextEquals("pull_request"u8);
                        if (reader.ValueTextEquals("action"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                        {
                            action = reader.GetString();
                        }

                        break;
                    case 2:
                        inHead = inPullRequest && reader.ValueTextEquals("head"u8);
                        break;
                    case 3:
                        if (inHead && reader.ValueTextEquals("ref"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                        {
                            headRef = reader.GetString();
                        }

                        break;
                }
            }

            return new(action, null, headRef);
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8 cannot be read as text.
            return new(null, "Body is not valid JSON.");
        }
        catch (JsonException exception)
        {
            // Only the depth limit's own message: a truncated body is reported as "depth ... not zero at the end".
            return new(null, exception.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase)
                ? $"Body nests JSON deeper than {maxDepth} levels."
                : "Body is not valid JSON.");
        }
    }
}
