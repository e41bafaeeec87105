namespace RobustGrid.Grid.Grains.Specs;

/// <summary>One objective of a multi-objective sweep: a leaderboard metric and its goal.</summary>
public sealed record Objective(string Metric, bool LowerIsBetter);
