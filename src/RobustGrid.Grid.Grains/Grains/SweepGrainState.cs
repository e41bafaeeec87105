namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// Durable sweep state. The spec is kept as YAML and re-parsed on activation; sampled configurations are kept because
/// TPE's draws depend on results seen so far, so a restarted sweep reruns exactly the trials it had launched.
/// </summary>
[GenerateSerializer]
public sealed class SweepGrainState
{
    [Id(0)] public string SpecYaml { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public SweepState State { get; set; }
    [Id(3)] public bool Started { get; set; }
    // Ids 4-6 held the history before History existed; FileStateUpgrade moves it. Do not reuse them.
    [Id(7)] public string? Message { get; set; }
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
    [Id(9)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(10)] public SweepHistory History { get; set; } = new();
    /// <summary>Sweep name → trial id of each <c>/best</c> reference in <see cref="SpecYaml"/>, resolved at
    /// launch.</summary>
    [Id(11)] public Dictionary<string, string> BestTrials { get; set; } = [];
    /// <summary>With <c>warm_start</c>: the earlier sweeps' finished trials, read once when the sweep
    /// started.</summary>
    [Id(12)] public List<WarmStartTrial> WarmStart { get; set; } = [];
    /// <summary>Method pbt: for each released trial, the trial whose checkpoint it continues (-1 in the first
    /// interval); see <see cref="Population.PopulationPlan"/>.</summary>
    [Id(13)] public List<int> PopulationParents { get; set; } = [];
}
