namespace RobustGrid.Training.Data;

/// <summary>How a dataset is normalised and augmented by default.</summary>
public sealed record DatasetProfile(string Dataset, Normalization Normalization, StandardAugmentation Augmentation)
{
    public static DatasetProfile For(string dataset) => dataset switch
    {
        "fashion-mnist" => new(dataset, new Normalization([0.2860], [0.3530]), StandardAugmentation.None),
        "cifar10" => new(dataset,
            new Normalization([0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616]),
            StandardAugmentation.CropAndFlip),
        _ => throw new ArgumentException($"no profile for dataset '{dataset}'", nameof(dataset)),
    };
}
