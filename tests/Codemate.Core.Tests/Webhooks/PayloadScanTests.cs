using System.Text;
using Codemate.Webhooks;

namespace Codemate.Core.Tests.Webhooks;

public sealed class PayloadScanTests
{
    private static PayloadScan Scan(string json, int maxDepth = 64) => PayloadScan.Read(Encoding.UTF8.GetBytes(json), maxDepth);

    [Fact]
    public void The_top_level_action_is_found_wherever_it_appears()
    {
        Assert.Equal("created", Scan("""{"issue":{"number":1},"action":"created"}""").Action);
        Assert.Equal("opened", Scan("""{"action":"opened","issue":{}}""").Action);
    }

    [Fact]
    public void An_action_nested_inside_another_object_is_not_the_event_action()
    {
        var scan = Scan("""{"check_run":{"action":"rerequested"},"sender":{"login":"a"}}""");

        Assert.Null(scan.Error);
        Assert.Null(scan.Action);
    }

    [Fact]
    public void A_non_string_action_counts_as_none()
    {
        Assert.Null(Scan("""{"action":{"name":"x"}}""").Action);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"action\":\"opened\"")]
    [InlineData("{\"action\":\"opened\"} trailing")]
    [InlineData("[1,2")]
    [InlineData("{\"a\":1,}")]
    public void Malformed_json_anywhere_in_the_body_is_not_valid_json(string body)
    {
        Assert.Equal("Body is not valid JSON.", Scan(body).Error);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    public void Well_formed_json_that_is_not_an_object_is_named_as_such(string body)
    {
        Assert.Equal("Body must be a JSON object.", Scan(body).Error);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_names_the_limit()
    {
        var deep = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 10)) + string.Concat(Enumerable.Repeat("]", 10)) + "}";

        Assert.Equal("Body nests JSON deeper than 8 levels.", Scan(deep, maxDepth: 8).Error);
        Assert.Null(Scan(deep, maxDepth: 64).Error);
    }
}
