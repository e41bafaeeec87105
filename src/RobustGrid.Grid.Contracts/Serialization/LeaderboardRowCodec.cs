using Orleans.Serialization;

namespace RobustGrid.Grid.Contracts.Serialization;

/// <summary><see cref="LeaderboardRow"/> on the wire: a page of rows is the answer to every leaderboard
/// query.</summary>
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
        Comparison(w, row.VersusBest);
        Comparison(w, row.VersusBaseline);
        w.String(row.Protocol);
        w.String(row.ImportedSha256);
    }

    private static void Comparison(CompactWriter w, SeedComparison? comparison)
    {
        w.Byte(comparison is null ? (byte)0 : (byte)1);
        if (comparison is null) return;
        w.Long(comparison.ReferenceRank);
        w.String(comparison.ReferenceMethod);
        w.Long(comparison.SharedSeeds);
        w.Double(comparison.MeanDifference ?? double.NaN);
        w.Double(comparison.Low ?? double.NaN);
        w.Double(comparison.High ?? double.NaN);
        w.Double(comparison.DifferenceStd ?? double.NaN);
        w.Long((long)comparison.Verdict);
    }

    private static SeedComparison? Comparison(ref CompactReader r) =>
        r.Byte() == 0 ? null : new SeedComparison(checked((int)r.Long()), r.String(), checked((int)r.Long()),
            Optional(r.Double()), Optional(r.Double()), Optional(r.Double()), Optional(r.Double()), Verdict(r.Long()));

    // Absent values travel as NaN, which no real difference or spread can be.
    private static double? Optional(double value) => double.IsNaN(value) ? null : value;

    private static ComparisonVerdict Verdict(long value) => Enum.IsDefined((ComparisonVerdict)value)
        ? (ComparisonVerdict)value
        : throw new FormatException($"unknown comparison verdict {value}");

    protected override LeaderboardRow Decode(ref CompactReader r) =>
        new(checked((int)r.Long()), r.String(), r.String(), r.String(), r.StringMap(), r.Longs(), r.Strings(),
            r.Double(), r.Double(), r.DoubleMap(), r.Strings(), Comparison(ref r), Comparison(ref r),
            r.AtEnd ? LeaderboardProtocols.Blind : r.String(), r.AtEnd ? null : r.NullableString());
}
