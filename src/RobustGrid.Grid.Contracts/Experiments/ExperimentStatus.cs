namespace RobustGrid.Grid.Contracts;

/// <summary>A snapshot of one trial, as the CLI and HTTP API show it.</summary>
/// <param name="Attempts">Training attempts started (1 on a trial that never failed).</param>
/// <param name="Failures">Attempts lost to an error or a dead silo; the trial fails once this passes
/// max_failures.</param>
/// <param name="ResumedFromEpoch">Epochs already in the checkpoint when the latest attempt started.</param>
/// <param name="Population">The trial's place in a population-based-training sweep (parent, epochs, perturbed
/// values); null in other sweeps.</param>
[GenerateSerializer, Immutable]
public sealed record ExperimentStatus(
    string TrialId,
    string SweepId,
    int Index,
    TrialState State,
    int EpochsCompleted,
    int Epochs,
    EpochProgress? LastEpoch,
    string? Slot,
    string? CheckpointPath,
    int Attempts,
    int Failures,
    int ResumedFromEpoch,
    Dictionary<string, double> Metrics,
    Dictionary<string, string> Parameters,
    long Seed,
    string? Message,
    DateTimeOffset UpdatedAt,
    PopulationStep? Population = null);
