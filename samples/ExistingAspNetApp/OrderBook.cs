namespace ExistingAspNetApp;

/// <summary>The app's own business, standing in for whatever an existing app already does.</summary>
internal static class OrderBook
{
    public static IReadOnlyList<Order> All { get; } =
    [
        new(1, "Keyboard", 2),
        new(2, "Monitor", 1),
    ];

    public static Order? Find(int id) => All.FirstOrDefault(o => o.Id == id);
}
