using System.Security.Cryptography;
using System.Text.Json;
using RobustGrid.Corruptions.Core;
using RobustGrid.Data;
using RobustGrid.Data.Formats;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Suite;

/// <summary>
/// A suite generated from a clean test set with <see cref="CorruptionEngine"/>. From a set in memory, with a cache
/// folder, each corruption is generated once (all five severities) and written there in the CIFAR-10-C layout, next
/// to a manifest naming the seed, the engine recipe and a hash of the clean images; later runs (another silo, another
/// evaluation) read the files instead. A cache whose manifest does not match is regenerated, never reused. From a set
/// on disk (a test split larger than memory) it corrupts block after block of whole engine chunks as
/// <see cref="Batches"/> reaches them, holding one block and caching nothing; the images are those the set in memory
/// gets. A suite of some severities only generates those: each is cached on its own (<c>severity-S/NAME.npy</c>), and
/// a cached whole corruption serves it too.
/// </summary>
public sealed class GeneratedSuite : ICorruptedSuite
{
    /// <summary>Bump when any corruption's output changes, so stale caches are regenerated.</summary>
    public const string RecipeVersion = "robustgrid-c-3";

    private const string ManifestFile = "robustgrid-suite.json";
    private readonly CorruptionEngine _engine;
    private readonly IImageSource _clean;
    private readonly string? _cacheFolder;
    private readonly object _gate = new();
    private readonly Lazy<string> _fingerprint;
    private (string Name, byte[] Stacked)? _loaded;

    /// <param name="clean">The clean images: in memory (an <see cref="ImageSet"/>), or on disk to stream them.</param>
    /// <param name="cacheFolder">Where a set in memory keeps its corrupted images; a streamed set caches none.</param>
    /// <param name="suiteName">The suite's name in reports: "fashion-mnist-c" for Fashion-MNIST's test set.</param>
    /// <param name="severities">The severities generated and served; null means all five.</param>
    public GeneratedSuite(CorruptionEngine engine, IImageSource clean, long seed, string? cacheFolder = null,
        IReadOnlyList<string>? corruptions = null, string suiteName = "corruption suite",
        IReadOnlyList<int>? severities = null)
    {
        foreach (var severity in severities ?? []) Severity.Check(severity, "the suite");
        if (severities is { Count: 0 }) throw new ArgumentException("no severity to generate", nameof(severities));
        Severities = severities is null ? Severity.All : [.. severities.Distinct().Order()];
        Name = suiteName;
        _engine = engine;
        _clean = clean;
        Seed = seed;
        Corruptions = corruptions ?? engine.Registry.Names.ToArray();
        foreach (var name in Corruptions) engine.Registry.Get(name);
        _fingerprint = new Lazy<string>(() => HashOf(clean));
        if (clean is not ImageSet) return;
        // One corruption's five severities are one array (the NAME.npy payload).
        var largest = Array.MaxLength / ((long)CifarCFolder.Severities * clean.ImageBytes);
        if (clean.Count > largest)
            throw new ArgumentException(
                $"{clean.Count} test images of {clean.Height}x{clean.Width} are too many for a generated suite in " +
                $"memory, which holds a corruption's five severities: at most {largest} at this size (score a " +
                "subset, e.g. --test-limit, or read the set from disk)");
        _cacheFolder = cacheFolder;
        if (cacheFolder is not null) PrepareCache(cacheFolder);
    }

    public long Seed { get; }
    /// <summary>A hash of the clean images (read once more when the set streams).</summary>
    public string Fingerprint => _fingerprint.Value;
    public string Name { get; }
    public string Description => $"RobustGrid-generated {Name} (seed {Seed}, {RecipeVersion})";
    public IReadOnlyList<string> Corruptions { get; }
    public IReadOnlyList<int> Severities { get; }
    private bool AllSeverities => Severities.Count == Severity.Max;
    public int[] Labels => _clean.Labels;
    public int Height => _clean.Height;
    public int Width => _clean.Width;
    public int Channels => _clean.Channels;

    /// <summary>Whether the clean set streams from disk, corrupted block by block.</summary>
    public bool Streams => _clean is not ImageSet;

    public byte[] Images(string corruption, int severity)
    {
        Check(corruption, severity);
        if (Streams)
        {
            var bytes = (long)_clean.Count * _clean.ImageBytes;
            if (bytes > Array.MaxLength)
                throw new InvalidOperationException(
                    $"{_clean.Count} corrupted images take {bytes:N0} bytes, more than one array holds: read them " +
                    "batch by batch (Batches)");
            var all = new byte[bytes];
            var at = 0;
            foreach (var batch in StreamedBatches(corruption, severity, CorruptionEngine.ChunkSize))
            {
                batch.CopyTo(all, at);
                at += batch.Length;
            }
            return all;
        }
        byte[] stacked;
        lock (_gate)
        {
            if (_loaded?.Name != corruption) _loaded = (corruption, LoadOrGenerate(corruption));
            stacked = _loaded.Value.Stacked;
        }
        return stacked.AsSpan((severity - 1) * Block, Block).ToArray();
    }

    public IEnumerable<byte[]> Batches(string corruption, int severity, int batchSize)
    {
        Check(corruption, severity);
        return Streams ? StreamedBatches(corruption, severity, batchSize)
            : ImageSources.Batches(Images(corruption, severity), _clean.ImageBytes, batchSize);
    }

    /// <summary>
    /// Batches cut from blocks of whole engine chunks (the batch size rounded up to chunks), each corrupted from the
    /// clean images on disk when the first batch inside it is asked for; a batch of the block's size is the block.
    /// </summary>
    private IEnumerable<byte[]> StreamedBatches(string corruption, int severity, int batchSize)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), "at least one image per batch");
        var (count, imageBytes) = (_clean.Count, _clean.ImageBytes);
        var blockImages = (batchSize + CorruptionEngine.ChunkSize - 1) / CorruptionEngine.ChunkSize
            * CorruptionEngine.ChunkSize;
        byte[] block = [];
        var blockStart = -1;
        for (var start = 0; start < count; start += batchSize)
        {
            var size = Math.Min(batchSize, count - start);
            byte[]? batch = null;
            for (var filled = 0; filled < size;)
            {
                var image = start + filled;
                if (image / blockImages * blockImages != blockStart)
                {
                    blockStart = image / blockImages * blockImages;
                    block = []; // unreferenced while the next one is made
                    block = CorruptBlock(corruption, severity, blockStart, Math.Min(blockImages, count - blockStart));
                }
                var (from, blockCount) = (image - blockStart, block.Length / imageBytes);
                if (from == 0 && size == blockCount)
                {
                    batch = block;
                    break;
                }
                batch ??= new byte[(long)size * imageBytes];
                var take = Math.Min(size - filled, blockCount - from);
                Array.Copy(block, (long)from * imageBytes, batch, (long)filled * imageBytes, (long)take * imageBytes);
                filled += take;
            }
            yield return batch!;
        }
    }

    /// <summary>Images [start, start + count) corrupted as the whole set corrupts them: start is a chunk
    /// boundary.</summary>
    private byte[] CorruptBlock(string corruption, int severity, int start, int count)
    {
        var clean = _clean.Slice(start, count);
        using var scope = NewDisposeScope();
        var input = tensor(clean.Pixels, [count, clean.Height, clean.Width, clean.Channels]);
        return _engine.Corrupt(input, corruption, severity, Seed, firstChunk: start / CorruptionEngine.ChunkSize)
            .data<byte>().ToArray();
    }

    private void Check(string corruption, int severity)
    {
        Severity.Check(severity, corruption);
        if (!Corruptions.Contains(corruption))
            throw new ArgumentException(
                $"corruption '{corruption}' is not in this suite; present: {string.Join(", ", Corruptions)}");
        if (!Severities.Contains(severity))
            throw new ArgumentException(
                $"severity {severity} is not in this suite; present: {string.Join(", ", Severities)}");
    }

    private ImageSet Resident => _clean as ImageSet
        ?? throw new InvalidOperationException(
            "this suite streams its clean images from disk: it corrupts them batch by batch (Batches) and writes no " +
            "folder of all five severities");

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
        _ = Resident;
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
        var clean = Resident;
        using var scope = NewDisposeScope();
        var input = tensor(clean.Pixels, [clean.Count, clean.Height, clean.Width, clean.Channels]);
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

    /// <summary>The first 16 hex digits of the SHA-256 of the images' bytes, read batch by batch.</summary>
    private static string HashOf(IImageSource images)
    {
        if (images is ImageSet set) return Convert.ToHexString(SHA256.HashData(set.Pixels))[..16];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var batch in images.Batches(CorruptionEngine.ChunkSize)) hash.AppendData(batch.Pixels);
        return Convert.ToHexString(hash.GetHashAndReset())[..16];
    }

    private sealed record SuiteManifest(string Recipe, long Seed, string InputSha256Prefix, int Images);
}
