using RobustGrid.Data.Streaming;

namespace RobustGrid.Data;

/// <summary>A dataset's train and test sets and where they were read from.</summary>
public sealed class DatasetSplits
{
    private readonly Lazy<ImageSet> _train;

    /// <param name="name">Catalog name, e.g. <c>fashion-mnist</c>.</param>
    /// <param name="source">The file or folder the images came from.</param>
    /// <param name="format">The reader used: <c>idx</c>, <c>cifar-binary</c>, <c>image-folder</c>, <c>imagenet</c>
    /// or <c>tiny-imagenet</c>.</param>
    public DatasetSplits(string name, ImageSet train, ImageSet test, string source, string format)
        : this(name, () => train, test, source, format, null)
    {
    }

    /// <param name="train">Decodes the training split into memory when someone asks for it.</param>
    /// <param name="trainStream">The training split streamed from disk with its training view, for datasets too
    /// large for memory; trainers read it instead of <see cref="Train"/>.</param>
    public DatasetSplits(string name, Func<ImageSet> train, ImageSet test, string source, string format,
        StreamedSplit? trainStream)
    {
        Name = name;
        _train = new Lazy<ImageSet>(train);
        Test = test;
        Source = source;
        Format = format;
        TrainStream = trainStream;
    }

    public string Name { get; }
    /// <summary>The training split in memory, at its evaluation view.</summary>
    public ImageSet Train => _train.Value;
    public ImageSet Test { get; }
    public string Source { get; }
    public string Format { get; }
    public StreamedSplit? TrainStream { get; }
}
