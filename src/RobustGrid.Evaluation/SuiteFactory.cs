using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Suite;
using RobustGrid.Data;
using RobustGrid.Data.Catalog;

namespace RobustGrid.Evaluation;

/// <summary>
/// Builds suites. Generated ones cache their corrupted images under <c>$ROBUSTGRID_HOME/cache/suites</c>, keyed by
/// suite, seed and image count, so a silo generates each corrupted set once and every later evaluation reads it.
/// </summary>
public sealed class SuiteFactory(DatasetCatalog catalog, string cacheRoot)
{
    /// <summary>Raised for generated suites: the request, and whether its corrupted sets were already cached.</summary>
    public event Action<SuiteRequest, bool>? CacheLookup;

    /// <summary>Where the clean test sets come from.</summary>
    public DatasetCatalog Catalog => catalog;

    public static SuiteFactory Default() =>
        new(DatasetCatalog.Default(), Path.Combine(RobustGridPaths.Home, "cache", "suites"));

    public (ICorruptedSuite Suite, ImageSet Clean) Create(SuiteRequest request)
    {
        var dataset = request.Dataset;
        if (request.Folder is not null)
        {
            var published = new FolderSuite(request.Folder, corruptions: request.Corruptions);
            var test = catalog.Load(dataset).Test;
            if (test.Count != published.Labels.Length || !test.Labels.SequenceEqual(published.Labels))
                throw new ArgumentException(
                    $"{request.Folder}: labels.npy does not match the {dataset} test set this RobustGrid reads " +
                    $"({test.Count} images); "
                    + "use the official CIFAR-10 binary release so clean and corrupted sets line up");
            return (published, test);
        }
        var clean = catalog.Load(dataset).Test;
        if (request.Limit is { } limit) clean = clean.Take(limit);
        var cache = Path.Combine(cacheRoot, $"{request.Name}-seed{request.Seed}-n{clean.Count}");
        var wanted = request.Corruptions ?? CorruptionEngine.Default().Registry.Names.ToArray();
        CacheLookup?.Invoke(request, wanted.All(name => File.Exists(CifarCFolder.FileOf(cache, name))));
        var suite = new GeneratedSuite(CorruptionEngine.Default(), clean, request.Seed, cache, request.Corruptions,
            request.Name);
        return (suite, clean);
    }
}
