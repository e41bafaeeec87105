namespace RobustGrid.Grid.Contracts;

/// <summary>Everything one trial needs: produced by the sweep grain, executed by a trainer slot.</summary>
/// <param name="SweepId">Owning sweep.</param>
/// <param name="TrialId">The <see cref="Contracts.TrialId"/> of SweepId and Index as text: also the experiment grain
/// key.</param>
/// <param name="Index">Position in the sweep's expansion; never reused.</param>
/// <param name="Parameters">Every sampled or fixed parameter as invariant text (learning_rate, batch_size, method
/// hyperparameters, ...). The executor maps them onto its own config type.</param>
/// <param name="ConfigKey">Identifies the configuration without the seed, so the leaderboard can group seeds.</param>
/// <param name="Rungs">Epochs at which the trial reports to ASHA; empty when early termination is off.</param>
/// <param name="RungMetric">Per-epoch metric reported at rungs (test_accuracy, train_accuracy or train_loss).</param>
/// <param name="Device">"cpu", "cuda" or "auto": which trainer slots may run it.</param>
/// <param name="Population">Set on the trials of a population-based-training sweep: which epochs this trial trains
/// and whose checkpoint it starts from.</param>
[GenerateSerializer, Immutable]
public sealed record TrialSpec(
    string SweepId,
    string TrialId,
    int Index,
    string Dataset,
    string Model,
    string Method,
    long Seed,
    int Epochs,
    Dictionary<string, string> Parameters,
    string ConfigKey,
    int[] Rungs,
    string RungMetric,
    string Device,
    int MaxFailures,
    EvaluationSpec Evaluation,
    PopulationStep? Population = null)
{
    public TrialId Id => new(SweepId, Index);

    /// <summary>A population trial that stops before the last epoch: the next generation continues it, so it is
    /// neither evaluated nor ranked.</summary>
    public bool IsIntermediateStep => Population is { } step && step.EndEpoch < Epochs;
}
