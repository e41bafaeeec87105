using System.Buffers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Session;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Leaderboard protocols: non-blind DynTTA entries (trained on the corruption types they are scored on) keep their
/// protocol on the wire, entries stored before the field read as blind, rows never group two protocols, and a query
/// can keep one. Imported entries (method pretrained) keep their weights file's hash likewise.
/// </summary>
public sealed class LeaderboardProtocolTests
{
    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(LeaderboardEntry).Assembly)).BuildServiceProvider();

    private static readonly Serializer Serializer = Services.GetRequiredService<Serializer>();

    private static LeaderboardEntry Entry(string trial, string config, long seed, double error, string protocol) =>
        new(trial, "s", "fashion-mnist", "fashion-mnist-c", "small-cnn", "dyntta", config, seed, [], "",
            new() { [MetricNames.MeanCorruptionError] = error }, DateTimeOffset.UnixEpoch.AddSeconds(seed), protocol);

    [Fact]
    public void ProtocolSurvivesTheWireAndEntriesWithoutItAreBlind()
    {
        var entry = Entry("s/00001", "cfg", 1, 0.2, LeaderboardProtocols.NonBlind);
        var bytes = Serializer.SerializeToArray(entry);
        Assert.Equal(LeaderboardProtocols.NonBlind, Serializer.Deserialize<LeaderboardEntry>(bytes)!.Protocol);

        // The layout before the protocol: the same body without its last strings (length + 1, then the UTF-8 bytes),
        // the protocol and the imported weights' hash (0: none).
        var protocol = Encoding.UTF8.GetBytes(LeaderboardProtocols.NonBlind);
        byte[] tail = [(byte)(protocol.Length + 1), .. protocol, 0];
        Assert.Equal(tail, bytes[^tail.Length..]);
        var read = Serializer.Deserialize<LeaderboardEntry>(WithoutTail(bytes, entry.TrialId, tail.Length))!;
        Assert.Equal(LeaderboardProtocols.Blind, read.Protocol);
        Assert.Equal(Serializer.SerializeToArray(entry with { Protocol = LeaderboardProtocols.Blind }),
            Serializer.SerializeToArray(read));

        var row = new LeaderboardRow(1, "small-cnn", "dyntta", "cfg", [], [1], ["s/00001"], 0.2, 0, [], [""],
            Protocol: LeaderboardProtocols.NonBlind);
        var rowBack = Serializer.Deserialize<LeaderboardRow>(Serializer.SerializeToArray(row))!;
        Assert.Equal(LeaderboardProtocols.NonBlind, rowBack.Protocol);
    }

    [Fact]
    public void RowsNeverGroupTwoProtocolsAndAQueryKeepsOne()
    {
        LeaderboardEntry[] entries =
        [
            Entry("s/1", "cfg", 0, 0.10, LeaderboardProtocols.NonBlind),
            Entry("s/2", "cfg", 1, 0.12, LeaderboardProtocols.NonBlind),
            Entry("s/3", "cfg", 0, 0.30, LeaderboardProtocols.Blind),
        ];
        var all = LeaderboardRanking.Rank(entries, new LeaderboardQuery(MetricNames.MeanCorruptionError));
        Assert.Equal([(LeaderboardProtocols.NonBlind, 2), (LeaderboardProtocols.Blind, 1)],
            all.Select(r => (r.Protocol, r.Seeds.Length)));
        Assert.Equal(0.11, all[0].Mean, 12);
        var blindOnly = new LeaderboardQuery(MetricNames.MeanCorruptionError, Protocol: LeaderboardProtocols.Blind);
        var blind = LeaderboardRanking.Rank(entries, blindOnly);
        Assert.Equal(["s/3"], blind.SelectMany(r => r.TrialIds));
    }

    [Theory]
    [InlineData("dyntta", null, LeaderboardProtocols.NonBlind)]
    [InlineData("dyntta", "non-blind", LeaderboardProtocols.NonBlind)]
    [InlineData("dyntta", "blind", LeaderboardProtocols.Blind)]
    [InlineData("augmix", null, LeaderboardProtocols.Blind)]
    [InlineData("dyntta-augment", null, LeaderboardProtocols.NonBlind)]
    public void DynTtaTrialsAreNonBlindUnlessTheirModeIsBlind(string method, string? mode, string expected)
    {
        var parameters = mode is null ? new Dictionary<string, string>() : new() { ["dyntta.mode"] = mode };
        var spec = new TrialSpec("s", "s/0", 0, "fashion-mnist", "small-cnn", method, 0, 1, parameters, "cfg", [],
            "test_accuracy", "cpu", 0, null!);
        Assert.Equal(expected, GridCatalog.Protocol(spec));
    }

    [Fact]
    public void AnImportedHashSurvivesTheWireAndEntriesWithoutItWereTrainedByTheGrid()
    {
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("weights"u8));
        var entry = Entry("s/00002", "cfg", 2, 0.3, LeaderboardProtocols.Blind) with { ImportedSha256 = sha256 };
        Assert.Equal(sha256,
            Serializer.Deserialize<LeaderboardEntry>(Serializer.SerializeToArray(entry))!.ImportedSha256);

        // The layout before imports were marked: the body ends with the protocol.
        var trained = Serializer.SerializeToArray(entry with { ImportedSha256 = null });
        Assert.Equal(0, trained[^1]);
        var read = Serializer.Deserialize<LeaderboardEntry>(WithoutTail(trained, entry.TrialId, 1))!;
        Assert.Null(read.ImportedSha256);
        Assert.Equal(trained, Serializer.SerializeToArray(read));

        var row = new LeaderboardRow(1, "small-cnn", "pretrained", "cfg", [], [2], ["s/00002"], 0.3, 0, [], [""],
            ImportedSha256: sha256);
        Assert.Equal(sha256, Serializer.Deserialize<LeaderboardRow>(Serializer.SerializeToArray(row))!.ImportedSha256);
    }

    /// <summary>An entry's encoding with the last <paramref name="tailLength"/> bytes of its body cut, as an older
    /// layout wrote it: the body's length prefix shrinks with it.</summary>
    private static byte[] WithoutTail(byte[] bytes, string trialId, int tailLength)
    {
        var bodyStart = IndexOf(bytes, [1, (byte)(trialId.Length + 1), .. Encoding.UTF8.GetBytes(trialId)]);
        var length = VarUInt((uint)(bytes.Length - bodyStart));
        Assert.Equal(length, bytes[(bodyStart - length.Length)..bodyStart]);
        return [.. bytes[..(bodyStart - length.Length)], .. VarUInt((uint)(bytes.Length - bodyStart - tailLength)),
            .. bytes[bodyStart..^tailLength]];
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        throw new InvalidOperationException("pattern not found");
    }

    private static byte[] VarUInt(uint value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var session = Services.GetRequiredService<SerializerSessionPool>().GetSession();
        var writer = Writer.Create(buffer, session);
        writer.WriteVarUInt32(value);
        writer.Commit();
        return buffer.WrittenSpan.ToArray();
    }
}
