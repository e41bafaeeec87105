using System.Collections.Concurrent;
using RobustGrid.Catalog;
using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Suite;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Data;
using RobustGrid.Data.Catalog;

namespace RobustGrid.Evaluation;

/// <summary>
/// Builds suites. Generated ones cache their corrupted images under <c>$ROBUSTGRID_HOME/cache/suites</c>, keyed by
/// suite, seed and image count, so a silo generates each corrupted set once and every later evaluation reads it.
/// A test split kept on disk is read into memory for that when one corruption's five severities of it take at most
/// <paramref name="cachedSuiteLimitBytes"/>; a larger one is corrupted batch by batch by every evaluation instead.
/// </summary>
public sealed class SuiteFactory(DatasetCatalog catalog, string cacheRoot,
    long cachedSuiteLimitBytes = SuiteFactory.DefaultCachedSuiteLimitBytes)
{
    /// <summary>1 GiB: about 1,400 images at 224×224, 15 GB of cached files for the 15 benchmark corruptions.</summary>
    public const long DefaultCachedSuiteLimitBytes = 1L << 30;

    // One engine per parameter table: each loads its frost textures once.
    private readonly ConcurrentDictionary<string, CorruptionEngine> _engines = new();

    /// <summary>Raised for generated suites that cache their corrupted sets (those of test splits streamed from disk
    /// cache nothing): the request, and whether its corrupted sets were already cached.</summary>
    public event Action<SuiteRequest, bool>? CacheLookup;

    /// <summary>Where the clean test sets come from.</summary>
    public DatasetCatalog Catalog => catalog;

    public static SuiteFactory Default() =>
        new(DatasetCatalog.Default(), Path.Combine(RobustGridPaths.Home, "cache", "suites"));

    /// <summary>The suite and the clean images it corrupts: in memory, or on disk where the dataset keeps its test
    /// split there (a generated suite then corrupts them batch by batch).</summary>
    public (ICorruptedSuite Suite, IImageSource Clean) Create(SuiteRequest request)
    {
        var dataset = request.Dataset;
        var table = CorruptionTables.Get(request.Benchmark);
        if (request.Folder is not null)
        {
            if (request.Severities is not null)
                throw new ArgumentException($"{request.Folder}: a published suite is scored at all five severities; " +
                    "severity subsets are for generated suites");
            var published = PublishedSuite.Open(request.Folder, request.Corruptions);
            var test = catalog.Load(dataset).TestImages;
            if (test.Count != published.Labels.Length || !test.Labels.SequenceEqual(published.Labels))
                throw new ArgumentException(
                    $"{request.Folder}: its labels do not match the {dataset} test set this RobustGrid reads " +
                    $"({test.Count} images, {published.Labels.Length} in the folder); the clean and corrupted sets " +
                    "must hold the same images in the same order (the official CIFAR binary release, or the same " +
                    "validation folder)");
            if (published.Height != test.Height || published.Width != test.Width)
                throw new ArgumentException(
                    $"{request.Folder}: images are {published.Height}x{published.Width}, the {dataset} test images " +
                    $"{test.Height}x{test.Width}");
            return (published, test);
        }
        var clean = catalog.Load(dataset).TestImages;
        CheckImageSize(request, dataset, clean, table);
        if (request.Limit is { } limit) clean = clean.Take(limit);
        if (clean is not ImageSet
            && (long)clean.Count * clean.ImageBytes * CifarCFolder.Severities <= cachedSuiteLimitBytes)
            clean = clean.Load();
        var key = SuiteNames.AnyDataset.Contains(request.Name)
            ? $"{request.Name}-{DatasetReference.FileNamePart(dataset)}"
            : request.Name;
        var cache = Path.Combine(cacheRoot, $"{key}-seed{request.Seed}-n{clean.Count}");
        var engine = _engines.GetOrAdd(table.Name, _ => CorruptionEngine.For(table));
        var wanted = request.Corruptions ?? engine.Registry.Names.ToArray();
        if (clean is ImageSet)
            CacheLookup?.Invoke(request, GeneratedSuite.IsCached(cache, wanted, request.Severities ?? Severity.All));
        var suite = new GeneratedSuite(engine, clean, request.Seed, cache, request.Corruptions, request.Name,
            request.Severities);
        return (suite, clean);
    }

    /// <summary>
    /// A suite open to any dataset needs that dataset's images at the table's size; the dataset-bound suites keep the
    /// engine's own rule (28×28 grey images are padded into the CIFAR table).
    /// </summary>
    private static void CheckImageSize(SuiteRequest request, string dataset, IImageSource clean,
        CorruptionTable table)
    {
        if (!SuiteNames.AnyDataset.Contains(request.Name)
            || (clean.Height == table.ImageSize && clean.Width == table.ImageSize)) return;
        var matching = SuiteNames.AnyDataset.Where(s =>
            SuiteNames.ImageSizeOf[SuiteNames.BenchmarkOf[s]] == clean.Height && clean.Height == clean.Width).ToArray();
        throw new ArgumentException(
            $"suite '{request.Name}' corrupts {table.ImageSize}x{table.ImageSize} images, but {dataset}'s test " +
            $"images are {clean.Height}x{clean.Width}; " + (matching.Length > 0
                ? $"use {string.Join(" or ", matching)}"
                : "the generated suites are " + string.Join(", ", SuiteNames.AnyDataset.Select(s =>
                    $"{s} ({SuiteNames.ImageSizeOf[SuiteNames.BenchmarkOf[s]]} px)"))));
    }
}
