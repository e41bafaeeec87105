using RobustGrid.Adversarial.Classifiers;
using static TorchSharp.torch;

namespace RobustGrid.Bench.Adversarial.Commands;

/// <summary>A trained benchmark model, the classifier the attacks see, and the test images to attack.</summary>
public sealed class BenchModel(nn.Module<Tensor, Tensor> module, ImageClassifier classifier, Tensor images,
    Tensor labels) : IDisposable
{
    public nn.Module<Tensor, Tensor> Module { get; } = module;
    public ImageClassifier Classifier { get; } = classifier;
    public Tensor Images { get; } = images;
    public Tensor Labels { get; } = labels;

    public void Dispose()
    {
        Module.Dispose();
        Images.Dispose();
        Labels.Dispose();
    }
}
