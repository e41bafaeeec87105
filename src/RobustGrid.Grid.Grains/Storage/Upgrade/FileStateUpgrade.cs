using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Serialization;
using Orleans.Storage;
using RobustGrid.Grid.Grains.Grains;

namespace RobustGrid.Grid.Grains.Storage.Upgrade;

/// <summary>
/// Brings a state folder of <see cref="FileGrainStorage"/> written by earlier builds (state format 1: no
/// <see cref="StateFile.FormatFileName"/> file) to the one layout this build reads (format 2), once, before the silo
/// serves grains (<see cref="FileStateUpgradeOnStart"/>):
/// <list type="bullet">
/// <item>RGS1 files (JSON) are rewritten as RGS2 (Orleans' binary serializer);</item>
/// <item>sweeps whose history is still in the fields before <see cref="SweepHistory"/> get it moved into
/// History;</item>
/// <item>leaderboards that keep their entries in one dictionary get them moved into segments;</item>
/// <item>leaderboard segments whose entries have the generated layout get the compact one.</item>
/// </list>
/// Files already in the current layout are left as they are, so an interrupted upgrade simply runs again. This folder
/// is the only code that knows format 1; RELEASENOTES.md says from which release on it can be removed.
/// </summary>
/// <param name="json">The serializer of RGS1 files: the host's default grain-storage serializer.</param>
public sealed partial class FileStateUpgrade(string root, IGrainStorageSerializer binary, IGrainStorageSerializer json,
    bool fsync)
{
    public const int CurrentFormat = 2;
    private const string JsonLayout = "RGS1";
    private const string BoardSuffix = ".leaderboard.state";

    public string Root { get; } = Path.GetFullPath(root);

    private string FormatFile => Path.Combine(Root, StateFile.FormatFileName);

    /// <summary>Upgrades the folder if it needs it; safe to call from several silos at once.</summary>
    /// <returns>The state files written.</returns>
    public int Run(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Root);
        using var held = Lock(cancellationToken);
        var format = File.Exists(FormatFile)
            ? int.Parse(File.ReadAllText(FormatFile).Trim(), CultureInfo.InvariantCulture) : 1;
        if (format == CurrentFormat) return 0;
        if (format > CurrentFormat)
            throw new InvalidOperationException($"{Root} holds grain state of format {format}, " +
                $"written by a newer build; this build reads format {CurrentFormat}");
        var written = 0;
        var files = Directory.EnumerateFiles(Root, "*.state", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToList();
        // Segments first: a board that moves its dictionary into segments appends to upgraded ones.
        foreach (var path in files.Where(p => SegmentFile().IsMatch(p)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            written += UpgradeSegment(path);
        }
        foreach (var path in files.Where(p => !SegmentFile().IsMatch(p)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            written += Path.GetFileName(path) switch
            {
                var f when f.EndsWith(".sweep.state", StringComparison.Ordinal) => UpgradeSweep(path),
                var f when f.EndsWith(BoardSuffix, StringComparison.Ordinal) => UpgradeBoard(path),
                var f when f.EndsWith(".experiment.state", StringComparison.Ordinal) =>
                    Recode<ExperimentGrainState>(path),
                var f when f.EndsWith(".registry.state", StringComparison.Ordinal) =>
                    Recode<SweepRegistryGrainState>(path),
                var f when f.EndsWith(".evaluation.state", StringComparison.Ordinal) =>
                    Recode<EvaluatorGrainState>(path),
                var f when f.EndsWith(".leaderboards.state", StringComparison.Ordinal) =>
                    Recode<LeaderboardIndexGrainState>(path),
                _ => 0,
            };
        }
        File.WriteAllText(FormatFile, CurrentFormat.ToString(CultureInfo.InvariantCulture) + "\n");
        return written;
    }

    /// <summary>A grain whose layout did not change: only an RGS1 file needs rewriting.</summary>
    private int Recode<T>(string path)
    {
        var (layout, etag, payload) = StateFile.Read(path);
        if (layout != JsonLayout) return 0;
        return Write(path, etag, Of<T>(json, new BinaryData(payload)));
    }

    private int UpgradeSweep(string path)
    {
        var (layout, etag, payload) = StateFile.Read(path);
        var stored = Read<Format1SweepState>(layout, payload);
        if (layout != JsonLayout && !stored.HasHistoryOutsideHistory) return 0;
        return Write(path, etag, stored.ToState());
    }

    private int UpgradeSegment(string path)
    {
        var (layout, etag, payload) = StateFile.Read(path);
        if (layout == JsonLayout)
            return Write(path, etag, Of<StateSegment<LeaderboardEntry>>(json, new BinaryData(payload)));
        var (_, generated) = ReadEntries(layout, payload, p => Of<StateSegment<LeaderboardEntry>>(binary, p).Items,
            p => Of<StateSegment<Format1LeaderboardEntry>>(binary, p).Items);
        return generated is null ? 0
            : Write(path, etag, new StateSegment<LeaderboardEntry> { Items = [.. generated.Select(e => e.ToEntry())] });
    }

    /// <summary>Moves a board's dictionary of entries into segments after the ones it has; the board record, written
    /// last, then counts them. Entries already in a segment (a move interrupted before) are not added twice.</summary>
    private int UpgradeBoard(string path)
    {
        var (layout, etag, payload) = StateFile.Read(path);
        var (board, entries) = ReadBoard(layout, payload);
        if (layout != JsonLayout && entries.Count == 0) return 0;
        var prefix = path[..^BoardSuffix.Length];
        string SegmentPath(int i) =>
            $"{prefix}.{SegmentedList<LeaderboardEntry>.StateName(LeaderboardGrain.EntriesStateName, i)}.state";
        var all = new List<LeaderboardEntry>();
        for (var i = 0; i < board; i++)
            if (File.Exists(SegmentPath(i)))
                all.AddRange(Of<StateSegment<LeaderboardEntry>>(binary,
                    new BinaryData(StateFile.Read(SegmentPath(i)).Payload)).Items);
        var kept = all.Count;
        var present = all.Select(e => e.TrialId).ToHashSet(StringComparer.Ordinal);
        all.AddRange(entries.Where(e => present.Add(e.TrialId)));
        var written = 0;
        var segments = (all.Count + LeaderboardGrain.SegmentSize - 1) / LeaderboardGrain.SegmentSize;
        for (var i = kept / LeaderboardGrain.SegmentSize; i < segments; i++)
        {
            var segmentPath = SegmentPath(i);
            var segmentETag = File.Exists(segmentPath) ? StateFile.Read(segmentPath).ETag : "0";
            written += Write(segmentPath, segmentETag,
                new StateSegment<LeaderboardEntry>
                {
                    Items = [.. all.Skip(i * LeaderboardGrain.SegmentSize).Take(LeaderboardGrain.SegmentSize)],
                });
        }
        return written + Write(path, etag, new LeaderboardGrainState { Segments = Math.Max(board, segments) });
    }

    private (int Segments, List<LeaderboardEntry> Entries) ReadBoard(string layout, byte[] payload)
    {
        if (layout == JsonLayout)
        {
            var stored = Of<Format1LeaderboardState<LeaderboardEntry>>(json, new BinaryData(payload));
            return (stored.Segments, [.. stored.Entries.Values]);
        }
        var segments = 0;
        var (current, generated) = ReadEntries(layout, payload,
            p => Board<LeaderboardEntry>(p, out segments),
            p => Board<Format1LeaderboardEntry>(p, out segments));
        return (segments, current ?? [.. generated!.Select(e => e.ToEntry())]);

        List<TEntry> Board<TEntry>(BinaryData p, out int count)
        {
            var stored = Of<Format1LeaderboardState<TEntry>>(binary, p);
            count = stored.Segments;
            return [.. stored.Entries.Values];
        }
    }

    /// <summary>Entries in the compact layout, else in the generated one (the compact codec refuses the other
    /// layout).</summary>
    private static (List<LeaderboardEntry>? Current, List<Format1LeaderboardEntry>? Generated) ReadEntries(
        string layout, byte[] payload,
        Func<BinaryData, List<LeaderboardEntry>> current, Func<BinaryData, List<Format1LeaderboardEntry>> generated)
    {
        if (layout != StateFile.CurrentLayout) throw new InvalidDataException($"unknown state layout {layout}");
        try
        {
            return (current(new BinaryData(payload)), null);
        }
        catch (Exception e) when (e is FormatException or SerializerException)
        {
            return (null, generated(new BinaryData(payload)));
        }
    }

    private T Read<T>(string layout, byte[] payload) => layout switch
    {
        JsonLayout => Of<T>(json, new BinaryData(payload)),
        StateFile.CurrentLayout => Of<T>(binary, new BinaryData(payload)),
        _ => throw new InvalidDataException($"unknown state layout {layout}"),
    };

    /// <summary>Rewrites a file in the current layout as the next write of its grain would (the ETag counts
    /// on).</summary>
    private int Write<T>(string path, string etag, T state)
    {
        var next = long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n + 1 : 1;
        StateFile.Write(path, next.ToString(CultureInfo.InvariantCulture), binary.Serialize(state).ToMemory(),
            fsync);
        return 1;
    }

    /// <summary>Silos that share the folder upgrade it one at a time; the others then find it upgraded.</summary>
    private FileStream Lock(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Root, "upgrade.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private static T Of<T>(IGrainStorageSerializer serializer, BinaryData payload) =>
        serializer.Deserialize<T>(payload) ?? throw new InvalidDataException($"a stored {typeof(T).Name} is null");

    [GeneratedRegex(@"\.leaderboard-entries\.\d{5}\.state$")]
    private static partial Regex SegmentFile();
}
