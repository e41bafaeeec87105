using Orleans.Serialization;

namespace RobustGrid.Grid.Contracts.Serialization;

/// <summary>
/// <see cref="LeaderboardEntry"/> on the wire and in stored leaderboard segments.
/// </summary>
[RegisterSerializer, RegisterCopier]
public sealed class LeaderboardEntryCodec : CompactCodec<LeaderboardEntry>
{
    protected override void Encode(CompactWriter w, LeaderboardEntry e)
    {
        w.String(e.TrialId);
        w.String(e.SweepId);
        w.String(e.Dataset);
        w.String(e.Suite);
        w.String(e.Model);
        w.String(e.Method);
        w.String(e.ConfigKey);
        w.Long(e.Seed);
        w.Map(e.Parameters);
        w.String(e.CheckpointPath);
        w.Map(e.Metrics);
        w.Long(e.RecordedAt.UtcTicks);
        w.Long((long)e.RecordedAt.Offset.TotalMinutes);
        w.String(e.Protocol);
        w.String(e.ImportedSha256);
    }

    // Entries stored before the protocol was recorded end after the timestamp: they are blind. Entries stored before
    // imports were marked end after the protocol: they were trained by the grid.
    protected override LeaderboardEntry Decode(ref CompactReader r) =>
        new(r.String(), r.String(), r.String(), r.String(), r.String(), r.String(), r.String(), r.Long(), r.StringMap(),
            r.String(),
            r.DoubleMap(), UtcTicksAt(r.Long(), r.Long()), r.AtEnd ? LeaderboardProtocols.Blind : r.String(),
            r.AtEnd ? null : r.NullableString());

    private static DateTimeOffset UtcTicksAt(long utcTicks, long offsetMinutes) =>
        new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
}
