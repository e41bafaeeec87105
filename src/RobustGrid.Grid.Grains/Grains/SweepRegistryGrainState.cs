namespace RobustGrid.Grid.Grains.Grains;

[GenerateSerializer]
public sealed class SweepRegistryGrainState
{
    [Id(0)] public Dictionary<string, SweepSummary> Sweeps { get; set; } = [];

    /// <summary>Spec hash -> sweep id, so launching the same spec again resumes the unfinished sweep.</summary>
    [Id(1)] public Dictionary<string, string> SpecHashes { get; set; } = [];
}
