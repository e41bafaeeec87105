using System.Security.Cryptography;
using System.Text.Json;
using RobustGrid.Corruptions.Core;
using RobustGrid.Data;
using RobustGrid.Data.Formats;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Suite;

/// <summary>
/// A suite generated from a clean test set with <see cref="CorruptionEngine"/>. With a cache folder, each corruption
/// is generated once (all five severities) and written there in the CIFAR-10-C layout, next to a manifest naming the
/// seed, the engine recipe and a hash of the clean images; later runs (another silo, another evaluation) read the files
/// instead. A cache whose manifest does not match is regenerated, never reused. A suite of some severities only
/// generates those: each is cached on its own (<c>severity-S/NAME.npy</c>), and a cached whole corruption serves it
/// too.
/// </summary>
public sealed class GeneratedSuite : ICorruptedSuite
{
    /// <summary>Bump when any corruption's output changes, so stale caches are regenerated.</summary>
    public const string RecipeVersion = "robustgrid-c-2";

    private const string ManifestFile = "robustgrid-suite.json";
    private readonly CorruptionEngine _engine;
    private readonly ImageSet _clean;
    private readonly string? _cacheFolder;
    private readonly object _gate = new();
    private (string Name, byte[] Stacked)? _loaded;

    /// <param name="suiteName">The suite's name in reports: "fashion-mnist-c" for Fashion-MNIST's test set.</param>
    /// <param name="severities">The severities generated and served; null means all five.</param>
    public GeneratedSuite(CorruptionEngine engine, ImageSet clean, long seed, string? cacheFolder = null,
        IReadOnlyList<string>? corruptions = null, string suiteName = "corruption suite",
        IReadOnlyList<int>? severities = null)
    {
        foreach (var severity in severities ?? []) Severity.Check(severity, "the suite");
        if (severities is { Count: 0 }) throw new ArgumentException("no severity to generate", nameof(severities));
        Severities = severities is null ? Severity.All : [.. severities.Distinct().Order()];
        Name = suiteName;
        _engine = engine;
        _clean = clean;
        _cacheFolder = cacheFolder;
        Seed = seed;
        Corruptions = corruptions ?? engine.Registry.Names.ToArray();
        foreach (var name in Corruptions) engine.Registry.Get(name);
        // One corruption's five severities are one array (the NAME.npy payload).
        var largest = Array.MaxLength / ((long)CifarCFolder.Severities * clean.ImageBytes);
        if (clean.Count > largest)
            throw new ArgumentException(
                $"{clean.Count} test images of {clean.Height}x{clean.Width} are too many for a generated suite, " +
                $"which holds a corruption's five severities in memory: at most {largest} at this size " +
                "(score a subset, e.g. --test-limit)");
        Fingerprint = Convert.ToHexString(SHA256.HashData(clean.Pixels))[..16];
        if (cacheFolder is not null) PrepareCache(cacheFolder);
    }

    public long Seed { get; }
    public string Fingerprint { get; }
    public string Name { get; }
    public string Description => $"RobustGrid-generated {Name} (seed {Seed}, {RecipeVersion})";
    public IReadOnlyList<string> Corruptions { get; }
    public IReadOnlyList<int> Severities { get; }
    private bool AllSeverities => Severities.Count == Severity.Max;
    public int[] Labels => _clean.Labels;
    public int Height => _clean.Height;
    public int Width => _clean.Width;
    public int Channels => _clean.Channels;

    public byte[] Images(string corruption, int severity)
    {
        Severity.Check(severity, corruption);
        if (!Corruptions.Contains(corruption))
            throw new ArgumentException(
                $"corruption '{corruption}' is not in this suite; present: {string.Join(", ", Corruptions)}");
        if (!Severities.Contains(severity))
            throw new ArgumentException(
                $"severity {severity} is not in this suite; present: {string.Join(", ", Severities)}");
        byte[] stacked;
        lock (_gate)
        {
            if (_loaded?.Name != corruption) _loaded = (corruption, LoadOrGenerate(corruption));
            stacked = _loaded.Value.Stacked;
        }
        return stacked.AsSpan((severity - 1) * Block, Block).ToArray();
    }

    /// <summary>The suite's severities of one corruption, stacked as in NAME.npy (blocks of other severities stay
    /// zero).</summary>
    public byte[] Generate(string corruption)
    {
        var stacked = new byte[Block * CifarCFolder.Severities];
        foreach (var severity in Severities) GenerateInto(stacked, corruption, severity);
        return stacked;
    }

    /// <summary>Writes every corruption of the suite as a CIFAR-10-C folder (plus labels.npy).</summary>
    public void WriteFolder(string folder)
    {
        if (!AllSeverities)
            throw new InvalidOperationException(
                $"a CIFAR-10-C folder holds all five severities; this suite has {string.Join(", ", Severities)}");
        Directory.CreateDirectory(folder);
        CifarCFolder.WriteLabels(folder, _clean.Labels);
        foreach (var name in Corruptions)
        {
            byte[] stacked;
            lock (_gate) stacked = _loaded?.Name == name ? _loaded.Value.Stacked : LoadOrGenerate(name);
            CifarCFolder.WriteCorruption(folder, name, stacked, _clean.Count, _clean.Height, _clean.Width,
                _clean.Channels);
        }
    }

    /// <summary>Whether every corruption of <paramref name="corruptions"/> at every one of
    /// <paramref name="severities"/> is in the cache folder.</summary>
    public static bool IsCached(string cacheFolder, IEnumerable<string> corruptions, IReadOnlyList<int> severities) =>
        corruptions.All(name => File.Exists(CifarCFolder.FileOf(cacheFolder, name))
            || severities.All(s => File.Exists(SeverityFile(cacheFolder, name, s))));

    /// <summary>One severity of one corruption, cached by a suite of some severities only: [N, H, W, C].</summary>
    public static string SeverityFile(string cacheFolder, string corruption, int severity) =>
        CifarCFolder.FileOf(Path.Combine(cacheFolder, $"severity-{severity}"), corruption);

    private int Block => _clean.Count * _clean.ImageBytes;

    private void GenerateInto(byte[] stacked, string corruption, int severity)
    {
        using var scope = NewDisposeScope();
        var input = tensor(_clean.Pixels, [_clean.Count, _clean.Height, _clean.Width, _clean.Channels]);
        using var corrupted = _engine.Corrupt(input, corruption, severity, Seed);
        corrupted.data<byte>().CopyTo(stacked.AsSpan((severity - 1) * Block, Block));
    }

    private byte[] LoadOrGenerate(string corruption)
    {
        if (_cacheFolder is not null && File.Exists(CifarCFolder.FileOf(_cacheFolder, corruption)))
            return CifarCFolder.ReadCorruption(_cacheFolder, corruption, _clean.Count).Data;
        if (_cacheFolder is null) return Generate(corruption);
        if (AllSeverities)
        {
            var whole = Generate(corruption);
            CifarCFolder.WriteCorruption(_cacheFolder, corruption, whole, _clean.Count, _clean.Height, _clean.Width,
                _clean.Channels);
            return whole;
        }
        var stacked = new byte[Block * CifarCFolder.Severities];
        foreach (var severity in Severities)
        {
            var file = SeverityFile(_cacheFolder, corruption, severity);
            if (File.Exists(file))
            {
                NpyFile.ReadUInt8(file, _clean.Count, _clean.Height, _clean.Width, _clean.Channels).Data
                    .CopyTo(stacked.AsSpan((severity - 1) * Block, Block));
                continue;
            }
            GenerateInto(stacked, corruption, severity);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            NpyFile.Write(file, NpyArray.FromBytes(stacked.AsSpan((severity - 1) * Block, Block).ToArray(),
                _clean.Count, _clean.Height, _clean.Width, _clean.Channels));
        }
        return stacked;
    }

    private void PrepareCache(string folder)
    {
        Directory.CreateDirectory(folder);
        var manifestPath = Path.Combine(folder, ManifestFile);
        // The table is part of the recipe: the same images under another table's parameters are another suite.
        var manifest = new SuiteManifest($"{RecipeVersion}/{_engine.Table.Name}", Seed, Fingerprint, _clean.Count);
        if (File.Exists(manifestPath))
        {
            var existing = JsonSerializer.Deserialize<SuiteManifest>(File.ReadAllText(manifestPath));
            if (existing == manifest) return;
            // A different seed, recipe or input: the cached files belong to another suite.
            foreach (var file in Directory.GetFiles(folder, "*.npy", SearchOption.AllDirectories)) File.Delete(file);
        }
        CifarCFolder.WriteLabels(folder, _clean.Labels);
        File.WriteAllText(manifestPath, JsonSerializer.Serialize(manifest));
    }

    private sealed record SuiteManifest(string Recipe, long Seed, string InputSha256Prefix, int Images);
}
