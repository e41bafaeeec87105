namespace RobustGrid.Catalog;

/// <summary>Model architectures by name.</summary>
public static class ModelNames
{
    public const string SmallCnn = "small-cnn";

    public static readonly IReadOnlyList<string> Names =
    [
        SmallCnn, "resnet18", "wrn-40-2", "wrn-40-4", "resnet50", "preact-resnet18", "wrn-28-10", "wrn-34-10",
    ];

    /// <summary>
    /// The ERM learning rate for batch 128 (SGD, Nesterov, cosine): 0.1 for the residual networks as in the CIFAR
    /// recipes; 0.05 for small-cnn, which trains better with it in one-epoch Fashion-MNIST runs.
    /// </summary>
    public static double DefaultLearningRate(string name) => name == SmallCnn ? 0.05 : 0.1;
}
