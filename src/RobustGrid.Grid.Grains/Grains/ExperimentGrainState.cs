namespace RobustGrid.Grid.Grains.Grains;

[GenerateSerializer]
public sealed class ExperimentGrainState
{
    [Id(0)] public TrialSpec? Spec { get; set; }
    [Id(1)] public TrialState State { get; set; }
    [Id(2)] public int Attempts { get; set; }
    [Id(3)] public int Failures { get; set; }
    [Id(4)] public string? Slot { get; set; }
    [Id(5)] public string? CheckpointPath { get; set; }
    [Id(6)] public string? CheckpointId { get; set; }
    [Id(7)] public int EpochsCompleted { get; set; }
    [Id(8)] public EpochProgress? LastEpoch { get; set; }
    [Id(9)] public Dictionary<string, double> Metrics { get; set; } = [];
    [Id(10)] public string? Message { get; set; }
    [Id(11)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(12)] public int ResumedFromEpoch { get; set; }
    [Id(13)] public int EvaluationFailures { get; set; }
    [Id(14)] public DateTimeOffset SlotSince { get; set; }
    /// <summary>Attempts in a row that found the disk full; the wait before the next one doubles with each.</summary>
    [Id(15)] public int SpaceWaits { get; set; }
    /// <summary>A pending trial asks for a slot no earlier than this (it waits for disk space).</summary>
    [Id(16)] public DateTimeOffset RetryAt { get; set; }
    /// <summary>The weights file's SHA-256 when the trial scores an imported checkpoint (method pretrained).</summary>
    [Id(17)] public string? ImportedSha256 { get; set; }
    /// <summary>Every finished epoch, in order (the learning curve the console draws).</summary>
    [Id(18)] public List<EpochProgress> Epochs { get; set; } = [];
}
