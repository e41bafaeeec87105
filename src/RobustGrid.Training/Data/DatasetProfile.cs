using RobustGrid.Data;
using RobustGrid.Data.Preprocessing;

namespace RobustGrid.Training.Data;

/// <summary>How a dataset is normalised and augmented by default, and the shape of its images and labels (what a
/// model for it is built for before the data is read).</summary>
public sealed record DatasetProfile(string Dataset, Normalization Normalization, StandardAugmentation Augmentation,
    int Channels, int ImageSize, int Classes)
{
    /// <summary>The per-channel statistics torchvision's ImageNet models use, for image folders.</summary>
    public static readonly Normalization ImageNetNormalization =
        new([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);

    private static readonly Normalization Cifar100Normalization =
        new([0.5071, 0.4865, 0.4409], [0.2673, 0.2564, 0.2762]);

    /// <summary>A built-in dataset's profile.</summary>
    public static DatasetProfile For(string dataset) => dataset switch
    {
        "fashion-mnist" => new(dataset, new Normalization([0.2860], [0.3530]), StandardAugmentation.None, 1, 28, 10),
        "cifar10" => new(dataset,
            new Normalization([0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616]),
            StandardAugmentation.CropAndFlip, 3, 32, 10),
        "cifar100" => new(dataset, Cifar100Normalization, StandardAugmentation.CropAndFlip, 3, 32, 100),
        "cifar100-coarse" => new(dataset, Cifar100Normalization, StandardAugmentation.CropAndFlip, 3, 32, 20),
        _ => throw new ArgumentException($"no profile for dataset '{dataset}'", nameof(dataset)),
    };

    /// <summary>
    /// The profile of any dataset once read: a built-in's own, or for an image folder the ImageNet statistics and
    /// <see cref="ImagePreprocessing"/>'s training rule (the device's crop and flip at native sizes; larger images
    /// arrive cropped and flipped from the stream).
    /// </summary>
    public static DatasetProfile For(DatasetSplits splits)
    {
        if (RobustGrid.Catalog.DatasetReference.IsBuiltIn(splits.Name)) return For(splits.Name);
        var test = splits.TestImages;
        var augmentation = ImagePreprocessing.For(test.Height).IsNative ? StandardAugmentation.CropAndFlip
            : StandardAugmentation.None;
        return new(splits.Name, ImageNetNormalization, augmentation, test.Channels, test.Height,
            test.ClassNames.Count);
    }
}
