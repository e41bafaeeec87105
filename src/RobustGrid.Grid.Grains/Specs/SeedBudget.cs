namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// <c>seeds: {min, max, until_separated: true}</c>: every configuration runs <paramref name="Min"/> seeds, then the
/// configurations the board cannot tell from the best get one more seed a round, until the best is separated from
/// every other configuration or each of them has run <paramref name="Max"/>. Seeds are 0 to Max − 1, in order.
/// </summary>
public sealed record SeedBudget(int Min, int Max);
