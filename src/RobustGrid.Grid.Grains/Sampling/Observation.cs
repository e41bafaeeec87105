namespace RobustGrid.Grid.Grains.Sampling;

/// <summary>A finished configuration and its objective (mean over finished seeds), already oriented: lower is
/// better.</summary>
internal sealed record Observation(IReadOnlyDictionary<string, string> Config, double Loss);
