namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// The part of a sweep's state that grows with every trial: launched trials, sampled configurations and ASHA rungs.
/// It is rewritten on every sweep write (once per tick), so it has a compact codec (<see cref="SweepHistoryCodec"/>):
/// with the generated one, a 10,000-trial sweep wrote 20,000 tracked references per tick.
/// </summary>
public sealed class SweepHistory
{
    public List<TrialRecord> Trials { get; set; } = [];

    public List<Dictionary<string, string>> Configs { get; set; } = [];

    public List<RungRecord> Rungs { get; set; } = [];

    /// <summary>With seeds until_separated: the configuration of each trial added after the initial ones, in trial
    /// order (see <see cref="TrialPlan"/>).</summary>
    public List<int> ExtraConfigs { get; set; } = [];
}
