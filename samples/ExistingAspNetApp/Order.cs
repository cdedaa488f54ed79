namespace ExistingAspNetApp;

/// <summary>An order, as the app's own API returns it.</summary>
internal sealed record Order(int Id, string Item, int Quantity);
