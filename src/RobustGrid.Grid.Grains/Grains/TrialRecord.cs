namespace RobustGrid.Grid.Grains.Grains;

/// <summary>The sweep's view of one launched trial (the experiment grain holds the full state).</summary>
[GenerateSerializer]
public sealed class TrialRecord
{
    [Id(0)] public int Index { get; set; }
    [Id(1)] public TrialState State { get; set; }
    /// <summary>The sweep's objective metric of a finished trial (all metrics live in the experiment grain).</summary>
    [Id(2)] public Dictionary<string, double> Metrics { get; set; } = [];
}
