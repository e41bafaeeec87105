using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.WireProtocol;

namespace RobustGrid.Grid.Contracts.Serialization;

/// <summary>
/// <see cref="LeaderboardEntry"/> on the wire and in stored leaderboard segments. Segments written before this codec
/// (the generated layout, tag-delimited) are read through <see cref="StoredLeaderboardEntryV1"/> and rewritten in the
/// compact layout on their next write.
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
    }

    protected override LeaderboardEntry Decode(ref CompactReader r) =>
        new(r.String(), r.String(), r.String(), r.String(), r.String(), r.String(), r.String(), r.Long(), r.StringMap(), r.String(),
            r.DoubleMap(), UtcTicksAt(r.Long(), r.Long()));

    private static DateTimeOffset UtcTicksAt(long utcTicks, long offsetMinutes) =>
        new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    protected override LeaderboardEntry ReadOtherLayout<TInput>(ref Reader<TInput> reader, Field field) =>
        reader.Session.CodecProvider.GetCodec<StoredLeaderboardEntryV1>().ReadValue(ref reader, field)?.ToEntry()
        ?? throw new FormatException("stored leaderboard entry is null");
}
