using Orleans.Serialization;

namespace RobustGrid.Grid.Contracts.Serialization;

/// <summary><see cref="LeaderboardRow"/> on the wire: a page of rows is the answer to every leaderboard query.</summary>
[RegisterSerializer, RegisterCopier]
public sealed class LeaderboardRowCodec : CompactCodec<LeaderboardRow>
{
    protected override void Encode(CompactWriter w, LeaderboardRow row)
    {
        w.Long(row.Rank);
        w.String(row.Model);
        w.String(row.Method);
        w.String(row.ConfigKey);
        w.Map(row.Parameters);
        w.Longs(row.Seeds);
        w.Strings(row.TrialIds);
        w.Double(row.Mean);
        w.Double(row.Std);
        w.Map(row.MetricMeans);
        w.Strings(row.Checkpoints);
    }

    protected override LeaderboardRow Decode(ref CompactReader r) =>
        new(checked((int)r.Long()), r.String(), r.String(), r.String(), r.StringMap(), r.Longs(), r.Strings(), r.Double(), r.Double(),
            r.DoubleMap(), r.Strings());
}
