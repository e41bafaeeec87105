using RobustGrid.Catalog;
using RobustGrid.Data.Cache;
using RobustGrid.Data.Folders;
using RobustGrid.Data.Preprocessing;
using RobustGrid.Data.Readers;
using RobustGrid.Data.Streaming;

namespace RobustGrid.Data.Catalog;

/// <summary>
/// Datasets by name (<see cref="DatasetReference"/>). Each load finds the source on the search path, in the
/// registry or at the <c>folder:</c> path, then returns the decoded images from the on-disk cache when the source is
/// unchanged, or decodes and caches them. Image folders whose images are larger than
/// <see cref="ImagePreprocessing.NativeLimit"/> stream their training split from disk instead, and keep their test
/// split on disk (<see cref="DatasetSplits.TestImages"/>), decoded once and read batch by batch.
/// </summary>
public sealed class DatasetCatalog(DataSearchPath searchPath, ImageSetCache cache, DatasetRegistry? registry = null)
{
    public static IReadOnlyList<string> Names => DatasetNames.Names;

    public DataSearchPath SearchPath { get; } = searchPath;

    public DatasetRegistry Registry { get; } = registry ?? DatasetRegistry.Default();

    public static DatasetCatalog Default() =>
        new(DataSearchPath.Default(), new ImageSetCache(RobustGridPaths.DatasetCache));

    public DatasetSplits Load(string name) => name switch
    {
        "fashion-mnist" => LoadFashionMnist(),
        "cifar10" => LoadCifar10(),
        "cifar100" => LoadCifar100(name, coarse: false),
        "cifar100-coarse" => LoadCifar100(name, coarse: true),
        _ when DatasetReference.FolderPath(name) is { } folder => LoadFolder(name, folder, null),
        _ when Registry.Find(name) is { } registered => LoadFolder(name, registered.Path, registered.ImageSize),
        _ => throw Unknown(name),
    };

    /// <summary>Throws when <paramref name="dataset"/> names no dataset this catalog knows, before anything is read
    /// (a <c>folder:</c> path is checked when it is read).</summary>
    public void CheckKnown(string dataset)
    {
        if (!DatasetReference.IsBuiltIn(dataset) && DatasetReference.FolderPath(dataset) is null
            && !(DatasetReference.IsRegistrableName(dataset) && Registry.Contains(dataset)))
            throw Unknown(dataset);
    }

    private static ArgumentException Unknown(string dataset) =>
        new($"dataset: unknown '{dataset}'; known: {DatasetReference.Forms}", nameof(dataset));

    /// <summary>Reads an image folder in any recognised layout at <paramref name="imageSize"/> (null: from its first
    /// image); <see cref="ImagePreprocessing"/> gives the views.</summary>
    private DatasetSplits LoadFolder(string name, string folder, int? imageSize)
    {
        var index = ImageFolderIndex.Read(folder);
        var preprocessing = ImagePreprocessing.For(imageSize ?? FolderSplitDecoder.DefaultImageSize(index));
        var layout = $"{ClassInterleaving.Layout} {preprocessing.ImageSize}px";
        var classes = index.ClassNames;
        if (!preprocessing.IsNative)
        {
            // The training split streams with its random crops; the test split's evaluation view is decoded once,
            // batch by batch, into the cache and read back from there batch by batch.
            var test = cache.GetOrCreateTest(name, index.Layout, index.Test.Select(f => f.Path).ToArray(),
                index.Test.Count, preprocessing.ImageSize, classes,
                () => new StreamedSplit(index.Test, classes, preprocessing)
                    .Epoch(seed: 0, epoch: 0, TestDecodeBatch, shuffle: false), layout);
            return new DatasetSplits(name, () => FolderSplitDecoder.Decode(index.Train, classes, preprocessing),
                test, index.Root, index.Layout, new StreamedSplit(index.Train, classes, preprocessing));
        }
        var files = index.Train.Concat(index.Test).Select(f => f.Path).ToArray();
        return cache.GetOrCreate(name, index.Layout, index.Root, files,
            () => (FolderSplitDecoder.Decode(index.Train, classes, preprocessing),
                FolderSplitDecoder.Decode(index.Test, classes, preprocessing)), layout);
    }

    /// <summary>Images a batch while a test split is decoded into the cache: small, as the stream holds a few batches
    /// (2.4 MB each at 224 px).</summary>
    private const int TestDecodeBatch = 16;

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

    private DatasetSplits LoadCifar100(string name, bool coarse)
    {
        var tried = new List<string>();
        var binary = SearchPath.Find(["cifar-100-binary", "cifar100/cifar-100-binary"], tried);
        if (binary is not null)
        {
            var classes = CifarBinaryReader.ReadCifar100ClassNames(binary, coarse);
            var format = coarse ? CifarRecordFormat.Cifar100Coarse : CifarRecordFormat.Cifar100Fine;
            var train = CifarBinaryReader.Cifar100TrainFiles.Select(f => Path.Combine(binary, f)).ToArray();
            var test = CifarBinaryReader.Cifar100TestFiles.Select(f => Path.Combine(binary, f)).ToArray();
            return cache.GetOrCreate(name, "cifar-binary", binary, [.. train, .. test],
                () => (CifarBinaryReader.Read(train, classes, format), CifarBinaryReader.Read(test, classes, format)));
        }
        const string howToGet = "Download the official binary version (cifar-100-binary.tar.gz) and unpack it into "
            + "$ROBUSTGRID_DATA, or provide cifar100-jpg.tar.gz (train/<fine class>/*.png, test/<fine class>/*.png).";
        var images = SearchPath.Find(["cifar100-jpg.tar.gz", "cifar100-jpg"], tried)
            ?? throw new DatasetNotFoundException(name, tried, howToGet);
        if (coarse)
            throw new DatasetNotFoundException(name, tried,
                "The coarse labels are in the binary release only (an image folder is named by fine class). "
                + howToGet);
        var sourceFiles = File.Exists(images) ? new[] { images }
            : Directory.GetFiles(images, "*", SearchOption.AllDirectories);
        return cache.GetOrCreate(name, "image-folder", images, sourceFiles, () =>
        {
            var sets = ImageFolderReader.Read(images, ["train", "test"]);
            return (sets["train"], sets["test"]);
        }, layout: ImageFolderReader.Layout);
    }
}
