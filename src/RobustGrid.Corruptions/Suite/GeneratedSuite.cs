using System.Security.Cryptography;
using System.Text.Json;
using RobustGrid.Corruptions.Core;
using RobustGrid.Data;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Suite;

/// <summary>
/// A suite generated from a clean test set with <see cref="CorruptionEngine"/>. With a cache folder, each corruption
/// is generated once (all five severities) and written there in the CIFAR-10-C layout, next to a manifest naming the
/// seed, the engine recipe and a hash of the clean images; later runs (another silo, another evaluation) read the files
/// instead. A cache whose manifest does not match is regenerated, never reused.
/// </summary>
public sealed class GeneratedSuite : ICorruptedSuite
{
    /// <summary>Bump when any corruption's output changes, so stale caches are regenerated.</summary>
    public const string RecipeVersion = "robustgrid-c-3";

    private const string ManifestFile = "robustgrid-suite.json";
    private readonly CorruptionEngine _engine;
    private readonly ImageSet _clean;
    private readonly string? _cacheFolder;
    private readonly object _gate = new();
    private (string Name, byte[] Stacked)? _loaded;

    /// <param name="suiteName">The suite's name in reports: "fashion-mnist-c" for Fashion-MNIST's test set.</param>
    public GeneratedSuite(CorruptionEngine engine, ImageSet clean, long seed, string? cacheFolder = null,
        IReadOnlyList<string>? corruptions = null, string suiteName = "corruption suite")
    {
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
        byte[] stacked;
        lock (_gate)
        {
            if (_loaded?.Name != corruption) _loaded = (corruption, LoadOrGenerate(corruption));
            stacked = _loaded.Value.Stacked;
        }
        var block = _clean.Count * _clean.ImageBytes;
        return stacked.AsSpan((severity - 1) * block, block).ToArray();
    }

    /// <summary>All five severities of one corruption, stacked (the NAME.npy payload).</summary>
    public byte[] Generate(string corruption)
    {
        var block = _clean.Count * _clean.ImageBytes;
        var stacked = new byte[block * CifarCFolder.Severities];
        using var scope = NewDisposeScope();
        var input = tensor(_clean.Pixels, [_clean.Count, _clean.Height, _clean.Width, _clean.Channels]);
        foreach (var severity in Severity.All)
        {
            using var corrupted = _engine.Corrupt(input, corruption, severity, Seed);
            corrupted.data<byte>().CopyTo(stacked.AsSpan((severity - 1) * block, block));
        }
        return stacked;
    }

    /// <summary>Writes every corruption of the suite as a CIFAR-10-C folder (plus labels.npy).</summary>
    public void WriteFolder(string folder)
    {
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

    private byte[] LoadOrGenerate(string corruption)
    {
        if (_cacheFolder is not null && File.Exists(CifarCFolder.FileOf(_cacheFolder, corruption)))
            return CifarCFolder.ReadCorruption(_cacheFolder, corruption, _clean.Count).Data;
        var stacked = Generate(corruption);
        if (_cacheFolder is not null)
            CifarCFolder.WriteCorruption(_cacheFolder, corruption, stacked, _clean.Count, _clean.Height, _clean.Width,
                _clean.Channels);
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
            foreach (var file in Directory.GetFiles(folder, "*.npy")) File.Delete(file);
        }
        CifarCFolder.WriteLabels(folder, _clean.Labels);
        File.WriteAllText(manifestPath, JsonSerializer.Serialize(manifest));
    }

    private sealed record SuiteManifest(string Recipe, long Seed, string InputSha256Prefix, int Images);
}
