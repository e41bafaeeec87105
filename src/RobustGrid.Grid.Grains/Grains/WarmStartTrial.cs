namespace RobustGrid.Grid.Grains.Grains;

/// <summary>A finished trial of an earlier sweep that a warm-started sweep read when it started: its parameters and
/// the values of this sweep's objectives.</summary>
[GenerateSerializer]
public sealed class WarmStartTrial
{
    [Id(0)] public Dictionary<string, string> Parameters { get; set; } = [];
    [Id(1)] public Dictionary<string, double> Metrics { get; set; } = [];
}
