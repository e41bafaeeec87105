using RobustGrid.Data.Cache;
using RobustGrid.Data.Readers;

namespace RobustGrid.Data.Catalog;

/// <summary>
/// Datasets by name. Each load finds the source on the search path, then returns the decoded images from the
/// on-disk cache when the source is unchanged, or decodes and caches them.
/// </summary>
public sealed class DatasetCatalog(DataSearchPath searchPath, ImageSetCache cache)
{
    public static IReadOnlyList<string> Names => global::RobustGrid.Catalog.DatasetNames.Names;

    public DataSearchPath SearchPath { get; } = searchPath;

    public static DatasetCatalog Default() =>
        new(DataSearchPath.Default(), new ImageSetCache(RobustGridPaths.DatasetCache));

    public DatasetSplits Load(string name) => name switch
    {
        "fashion-mnist" => LoadFashionMnist(),
        "cifar10" => LoadCifar10(),
        _ => throw new ArgumentException($"unknown dataset '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
    };

    private static readonly string[] FashionFiles =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    private static readonly IReadOnlyList<string> FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private DatasetSplits LoadFashionMnist()
    {
        var tried = new List<string>();
        var folder = SearchPath.Find(["fashion-mnist"], tried)
            ?? throw new DatasetNotFoundException("fashion-mnist", tried,
                "Install it with 'sudo apt-get install dataset-fashion-mnist', " +
                "or put the four IDX files in $ROBUSTGRID_DATA/fashion-mnist/.");
        var files = FashionFiles.Select(f => ResolveIdx(folder, f)).ToArray();
        return cache.GetOrCreate("fashion-mnist", "idx", folder, files, () =>
        {
            var train = ReadIdxSet(files[0], files[1]);
            var test = ReadIdxSet(files[2], files[3]);
            return (train, test);
        });
    }

    private static string ResolveIdx(string folder, string stem)
    {
        foreach (var candidate in new[] { stem + ".gz", stem })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        throw new DatasetNotFoundException(stem, [Path.Combine(folder, stem + ".gz"), Path.Combine(folder, stem)],
            "The fashion-mnist folder is incomplete: it needs train-/t10k- images-idx3 and labels-idx1 files.");
    }

    private static ImageSet ReadIdxSet(string imagesPath, string labelsPath)
    {
        var (pixels, count, height, width) = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new DataFormatException(labelsPath, $"{labels.Length} labels for {count} images in {imagesPath}");
        return new ImageSet(pixels, labels, height, width, 1, FashionClasses);
    }

    private DatasetSplits LoadCifar10()
    {
        var tried = new List<string>();
        var binary = SearchPath.Find(["cifar-10-batches-bin", "cifar10/cifar-10-batches-bin"], tried);
        if (binary is not null)
        {
            var classes = CifarBinaryReader.ReadClassNames(binary);
            var train = CifarBinaryReader.TrainFiles.Select(f => Path.Combine(binary, f)).ToArray();
            var test = CifarBinaryReader.TestFiles.Select(f => Path.Combine(binary, f)).ToArray();
            return cache.GetOrCreate("cifar10", "cifar-binary", binary, [.. train, .. test],
                () => (CifarBinaryReader.Read(train, classes), CifarBinaryReader.Read(test, classes)));
        }
        var images = SearchPath.Find(["cifar10-jpg.tar.gz", "cifar10-jpg"], tried)
            ?? throw new DatasetNotFoundException("cifar10", tried,
                "Download the official binary version (cifar-10-binary.tar.gz) and unpack it into $ROBUSTGRID_DATA, "
                + "or provide cifar10-jpg.tar.gz (train/<class>/*.jpg, test/<class>/*.jpg).");
        var sourceFiles = File.Exists(images) ? new[] { images }
            : Directory.GetFiles(images, "*", SearchOption.AllDirectories);
        return cache.GetOrCreate("cifar10", "image-folder", images, sourceFiles, () =>
        {
            var sets = ImageFolderReader.Read(images, ["train", "test"]);
            return (sets["train"], sets["test"]);
        }, layout: ImageFolderReader.Layout);
    }
}
