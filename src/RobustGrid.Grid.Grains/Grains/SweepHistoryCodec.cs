using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using RobustGrid.Grid.Contracts.Serialization;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>A sweep's history as one compact field; see <see cref="SweepHistory"/>.</summary>
[RegisterSerializer, RegisterCopier]
public sealed class SweepHistoryCodec : CompactCodec<SweepHistory>
{
    protected override void Encode(CompactWriter w, SweepHistory history)
    {
        w.UInt((ulong)history.Trials.Count);
        foreach (var t in history.Trials)
        {
            w.UInt((ulong)t.Index);
            w.UInt((ulong)t.State);
            w.Map(t.Metrics);
        }
        w.UInt((ulong)history.Configs.Count);
        foreach (var config in history.Configs) w.Map(config);
        w.UInt((ulong)history.Rungs.Count);
        foreach (var r in history.Rungs)
        {
            w.UInt((ulong)r.Index);
            w.UInt((ulong)r.Rung);
            w.Double(r.Value);
        }
        // Only sweeps that added seeds write the list, so every other history keeps the layout older builds read.
        if (history.ExtraConfigs.Count == 0) return;
        w.UInt((ulong)history.ExtraConfigs.Count);
        foreach (var config in history.ExtraConfigs) w.UInt((ulong)config);
    }

    protected override SweepHistory Decode(ref CompactReader r)
    {
        var history = new SweepHistory();
        var trials = r.Int();
        for (var i = 0; i < trials; i++)
            history.Trials.Add(
                new TrialRecord { Index = r.Int(), State = (TrialState)r.Int(), Metrics = r.DoubleMap() });
        var configs = r.Int();
        for (var i = 0; i < configs; i++) history.Configs.Add(r.StringMap());
        var rungs = r.Int();
        for (var i = 0; i < rungs; i++)
            history.Rungs.Add(new RungRecord { Index = r.Int(), Rung = r.Int(), Value = r.Double() });
        var extras = r.AtEnd ? 0 : r.Int();
        for (var i = 0; i < extras; i++) history.ExtraConfigs.Add(r.Int());
        return history;
    }

    /// <summary>Mutable: a copy is a fresh history with the same contents.</summary>
    public override SweepHistory? DeepCopy(SweepHistory? input, CopyContext context) =>
        input is null ? null : new SweepHistory
        {
            Trials = [.. input.Trials.Select(
                t => new TrialRecord { Index = t.Index, State = t.State, Metrics = new(t.Metrics) })],
            Configs = [.. input.Configs.Select(c => new Dictionary<string, string>(c))],
            Rungs = [.. input.Rungs.Select(r => new RungRecord { Index = r.Index, Rung = r.Rung, Value = r.Value })],
            ExtraConfigs = [.. input.ExtraConfigs],
        };
}
