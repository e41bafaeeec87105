using RobustGrid.Data.Streaming;

namespace RobustGrid.Data;

/// <summary>A dataset's train and test sets and where they were read from.</summary>
public sealed class DatasetSplits
{
    private readonly Lazy<ImageSet> _train;
    private readonly Lazy<ImageSet> _test;

    /// <param name="name">Catalog name, e.g. <c>fashion-mnist</c>.</param>
    /// <param name="source">The file or folder the images came from.</param>
    /// <param name="format">The reader used: <c>idx</c>, <c>cifar-binary</c>, <c>image-folder</c>, <c>imagenet</c>
    /// or <c>tiny-imagenet</c>.</param>
    public DatasetSplits(string name, ImageSet train, ImageSet test, string source, string format)
        : this(name, () => train, test, source, format, null)
    {
    }

    /// <param name="train">Decodes the training split into memory when someone asks for it.</param>
    /// <param name="test">The test split in memory, or on disk for datasets too large for memory.</param>
    /// <param name="trainStream">The training split streamed from disk with its training view, for datasets too
    /// large for memory; trainers read it instead of <see cref="Train"/>.</param>
    public DatasetSplits(string name, Func<ImageSet> train, IImageSource test, string source, string format,
        StreamedSplit? trainStream)
    {
        Name = name;
        _train = new Lazy<ImageSet>(train);
        TestImages = test;
        _test = new Lazy<ImageSet>(test.Load);
        Source = source;
        Format = format;
        TrainStream = trainStream;
    }

    public string Name { get; }
    /// <summary>The training split in memory, at its evaluation view.</summary>
    public ImageSet Train => _train.Value;
    /// <summary>The test split as the evaluations read it, batch by batch: in memory, or on disk (its evaluation
    /// view decoded once) for image folders above the native size.</summary>
    public IImageSource TestImages { get; }
    /// <summary>The whole test split in memory, for the paths that need every image at once; read from disk on first
    /// use where <see cref="TestImages"/> is there.</summary>
    public ImageSet Test => _test.Value;
    public string Source { get; }
    public string Format { get; }
    public StreamedSplit? TrainStream { get; }
}
