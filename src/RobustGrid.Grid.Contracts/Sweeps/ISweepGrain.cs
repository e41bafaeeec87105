namespace RobustGrid.Grid.Contracts;

/// <summary>
/// One sweep: expands the spec into trials, keeps at most parallel_trials training, applies ASHA and run_cap.
/// Key: the sweep id. Created only through ISweepRegistryGrain.Launch, which validates the spec first.
/// </summary>
public interface ISweepGrain : IGrainWithStringKey
{
    /// <param name="bestTrials">Sweep name → trial id for each <c>trial:&lt;sweep name&gt;/best</c> reference of the
    /// spec, resolved by the registry at launch; the sweep applies them to its parsed spec on every activation.</param>
    Task<SweepSummary> Start(string specYaml, string name, Dictionary<string, string> bestTrials);

    [AlwaysInterleave]
    Task<SweepSummary> GetSummary();

    [AlwaysInterleave]
    Task<ExperimentStatus[]> GetTrials();

    /// <summary>The spec the sweep was launched with, as it was written.</summary>
    [AlwaysInterleave]
    Task<string> GetSpecYaml();

    Task<SweepSummary> Pause();

    Task<SweepSummary> Resume();

    Task<SweepSummary> Cancel();

    /// <summary>Reactivates the sweep (after a restart or a lost silo) and reconciles its running trials.</summary>
    Task Poke();

    /// <summary>A trial finished training and is being evaluated: it no longer counts against parallel_trials, so
    /// the next trial can take its slot. Idempotent.</summary>
    Task OnTrialTrained(int index);

    /// <summary>A trial reached a terminal state. Idempotent.</summary>
    Task OnTrialFinished(int index, TrialState state, Dictionary<string, double> metrics);

    /// <summary>ASHA: a trial reached a rung epoch with this value of the early-termination metric.</summary>
    Task<RungDecision> ReportRung(int index, int epoch, double value);
}
