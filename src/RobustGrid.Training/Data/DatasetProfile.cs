namespace RobustGrid.Training.Data;

/// <summary>How a dataset is normalised and augmented by default, and the shape of its images and labels (what a
/// model for it is built for before the data is read).</summary>
public sealed record DatasetProfile(string Dataset, Normalization Normalization, StandardAugmentation Augmentation,
    int Channels, int ImageSize, int Classes)
{
    public static DatasetProfile For(string dataset) => dataset switch
    {
        "fashion-mnist" => new(dataset, new Normalization([0.2860], [0.3530]), StandardAugmentation.None, 1, 28, 10),
        "cifar10" => new(dataset,
            new Normalization([0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616]),
            StandardAugmentation.CropAndFlip, 3, 32, 10),
        _ => throw new ArgumentException($"no profile for dataset '{dataset}'", nameof(dataset)),
    };
}
