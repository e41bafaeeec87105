using System.Diagnostics;
using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Inputs;
using RobustGrid.Bench.Adversarial.Models;
using RobustGrid.Data.Catalog;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Bench.Adversarial.Commands;

/// <summary>
/// A benchmark model trained here on real Fashion-MNIST: the small CNN on the 28x28 images, or the CIFAR-size
/// ResNet on the same images padded to 32x32 and repeated to 3 channels (no CIFAR-10 on this machine; the shape and
/// the model are what set the cost of an attack).
/// </summary>
public sealed class BenchModels
{
    public static readonly PixelNormalization FashionMnist = new([0.2860f], [0.3530f]);
    public static readonly PixelNormalization FashionMnistRgb = new([0.2860f, 0.2860f, 0.2860f], [0.3530f, 0.3530f, 0.3530f]);

    public static (nn.Module<Tensor, Tensor> Model, ImageClassifier Classifier, Tensor TestImages, Tensor TestLabels) Train(
        string model, int trainImages, int testImages, int epochs, TextWriter log)
    {
        torch.manual_seed(0);
        var splits = DatasetCatalog.Default().Load("fashion-mnist");
        var (train, trainLabels) = ImageTensors.From(splits.Train, trainImages);
        var (test, testLabels) = ImageTensors.From(splits.Test, testImages);
        nn.Module<Tensor, Tensor> module;
        PixelNormalization normalization;
        if (model == "small-cnn")
        {
            module = new SmallCnn();
            normalization = FashionMnist;
        }
        else if (model == "cifar-resnet")
        {
            module = new CifarResNet();
            normalization = FashionMnistRgb;
            train = ToCifarShape(train);
            test = ToCifarShape(test);
        }
        else throw new ArgumentException($"unknown model '{model}' (small-cnn, cifar-resnet)");

        var watch = Stopwatch.StartNew();
        module.train();
        using (var optimizer = optim.Adam(module.parameters(), lr: 2e-3))
        {
            const int batch = 64;
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                for (long start = 0; start + batch <= train.shape[0]; start += batch)
                {
                    using var scope = NewDisposeScope();
                    optimizer.zero_grad();
                    var logits = module.call(normalization.Apply(train.narrow(0, start, batch)));
                    nn.functional.cross_entropy(logits, trainLabels.narrow(0, start, batch)).backward();
                    optimizer.step();
                }
            }
        }
        module.eval();
        log.WriteLine($"trained {model} on {train.shape[0]} images x {epochs} epochs in {watch.Elapsed.TotalSeconds:F1} s");
        return (module, ImageClassifier.FromModule(module, normalization), test, testLabels);
    }

    /// <summary>28x28x1 to 32x32x3: zero padding of 2 pixels, the grey channel repeated.</summary>
    private static Tensor ToCifarShape(Tensor images) =>
        nn.functional.pad(images, [2, 2, 2, 2]).repeat(1, 3, 1, 1).contiguous();
}
