using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codemate.Usage;

/// <summary>
/// Model prices for the estimated cost of a session: the table shipped in this assembly (<c>prices.json</c>, with the
/// date its prices were taken), or the operator's own file in the same format (<c>CODEMATE_PRICES_FILE</c>). A model is
/// found by its id or the longest listed prefix of it (<c>claude-sonnet-4-5-20250929</c> is <c>claude-sonnet-4-5</c>);
/// a model not listed has no price, and its tokens count towards no cost.
/// </summary>
internal sealed class PriceTable
{
    private const string ResourceName = "Codemate.Usage.prices.json";
    private readonly KeyValuePair<string, ModelPrice>[] _byLongestPrefix;

    private PriceTable(PriceFile file)
    {
        Taken = file.Taken;
        _byLongestPrefix = [.. file.PerMillionTokens.OrderByDescending(p => p.Key.Length)];
    }

    /// <summary>When the prices were taken, as the file says.</summary>
    public string Taken { get; }

    /// <summary>The table shipped with Codemate.</summary>
    public static PriceTable Shipped()
    {
        using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from {typeof(PriceTable).Assembly.GetName().Name}.");
        return Parse(stream, ResourceName);
    }

    /// <summary>The operator's table at <paramref name="path"/>.</summary>
    /// <exception cref="CodemateException">The file is missing or not a price table.</exception>
    public static PriceTable Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Parse(stream, path);
        }
        catch (IOException exception)
        {
            throw new CodemateException($"{Configuration.EnvironmentVariables.PricesFile} names '{path}', which cannot be read: {exception.Message}", exception);
        }
    }

    /// <summary>The price of <paramref name="model"/>, or <see langword="null"/> when the table has none.</summary>
    public ModelPrice? For(string model)
    {
        foreach (var (prefix, price) in _byLongestPrefix)
        {
            if (model.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return price;
            }
        }

        return null;
    }

    /// <summary>The cost of <paramref name="tokens"/> of <paramref name="model"/>, or <see langword="null"/> without a price.</summary>
    public decimal? Cost(string model, TokenCounts tokens) => For(model)?.Cost(tokens);

    private static PriceTable Parse(Stream stream, string source)
    {
        try
        {
            var file = JsonSerializer.Deserialize<PriceFile>(stream);
            if (file?.PerMillionTokens is not { Count: > 0 } prices || prices.Values.Any(p => p is null || p.Input < 0 || p.Output < 0 || p.CacheWrite < 0 || p.CacheRead < 0))
            {
                throw new CodemateException($"The price table {source} has no models, or a model with a missing or negative price.");
            }

            return new PriceTable(file);
        }
        catch (JsonException exception)
        {
            throw new CodemateException($"The price table {source} is not valid JSON: {exception.Message}", exception);
        }
    }

    private sealed record PriceFile(
        [property: JsonPropertyName("taken")] string Taken,
        [property: JsonPropertyName("per_million_tokens")] Dictionary<string, ModelPrice> PerMillionTokens);
}
