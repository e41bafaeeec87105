using System.Diagnostics;
using System.Globalization;
using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Inputs;
using RobustGrid.Bench.Adversarial.Models;
using RobustGrid.Catalog.Training;
using RobustGrid.Data.Catalog;
using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Models;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Bench.Adversarial.Commands;

/// <summary>
/// Benchmark models trained here on real Fashion-MNIST:
/// <list type="bullet">
/// <item><c>small-cnn</c>: the project's model (ModelFactory), trained with the project's Trainer (ERM); the run folder
/// is reused, so repeated benchmarks train once.</item>
/// <item><c>cifar-resnet</c>: a CIFAR-size ResNet-14 (3x32x32 input) trained with a short Adam loop on the same
/// images padded to 32x32 and repeated to 3 channels: there is no CIFAR-10 on this machine, and the input shape and
/// the network are what set the cost of an attack.</item>
/// </list>
/// </summary>
public static class BenchModels
{
    public static BenchModel Load(string model, int trainImages, int epochs, int testImages, TextWriter log) =>
        model switch
        {
            "small-cnn" => ProjectSmallCnn(trainImages, epochs, testImages, log),
            "cifar-resnet" => CifarResNet(trainImages, epochs, testImages, log),
            _ => throw new ArgumentException($"unknown model '{model}' (small-cnn, cifar-resnet)"),
        };

    private static BenchModel ProjectSmallCnn(int trainImages, int epochs, int testImages, TextWriter log)
    {
        var config = TrainingConfig.Build("fashion-mnist", seed: 0, DeviceChoice.Cpu, new Dictionary<string, string>
        {
            [TrainingSettings.Model] = "small-cnn",
            [TrainingSettings.Epochs] = epochs.ToString(CultureInfo.InvariantCulture),
            [TrainingSettings.TrainLimit] = trainImages.ToString(CultureInfo.InvariantCulture),
            [TrainingSettings.TestLimit] = "1000",
            [TrainingSettings.Threads] = torch.get_num_threads().ToString(CultureInfo.InvariantCulture),
        }, new Dictionary<string, string>());
        var runDirectory =
            Path.Combine(Path.GetTempPath(), "robustgrid-bench-adversarial", $"small-cnn-{trainImages}-{epochs}");
        Directory.CreateDirectory(runDirectory);
        var watch = Stopwatch.StartNew();
        var result = Trainer.Run(config, MethodRegistry.Create, runDirectory);
        log.WriteLine($"small-cnn: {result.Outcome}, " +
            $"test accuracy {result.TestAccuracy:P1} ({watch.Elapsed.TotalSeconds:F0} s, {runDirectory})");
        var trained = TrainedModel.Load(result.CheckpointPath, MethodRegistry.Create, CPU);
        var classifier = new ImageClassifier(images => trained.Module.call(trained.Normalization.Apply(images)));
        var (images, labels) = ImageTensors.From(DatasetCatalog.Default().Load("fashion-mnist").Test, testImages);
        return new BenchModel(trained.Module, classifier, images, labels);
    }

    private static BenchModel CifarResNet(int trainImages, int epochs, int testImages, TextWriter log)
    {
        torch.manual_seed(0);
        var splits = DatasetCatalog.Default().Load("fashion-mnist");
        var (train, trainLabels) = ImageTensors.From(splits.Train, trainImages);
        var (test, testLabels) = ImageTensors.From(splits.Test, testImages);
        train = ToCifarShape(train);
        test = ToCifarShape(test);
        var normalization = new PixelNormalization([0.2860f, 0.2860f, 0.2860f], [0.3530f, 0.3530f, 0.3530f]);
        var module = new CifarResNet();
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
        log.WriteLine(
            $"cifar-resnet: trained on {train.shape[0]} images x {epochs} epochs in {watch.Elapsed.TotalSeconds:F0} s");
        train.Dispose();
        trainLabels.Dispose();
        return new BenchModel(module, ImageClassifier.FromModule(module, normalization), test, testLabels);
    }

    /// <summary>28x28x1 to 32x32x3: zero padding of 2 pixels, the grey channel repeated.</summary>
    private static Tensor ToCifarShape(Tensor images)
    {
        using var scope = NewDisposeScope();
        var result = nn.functional.pad(images, [2, 2, 2, 2]).repeat(1, 3, 1, 1).contiguous().MoveToOuterDisposeScope();
        images.Dispose();
        return result;
    }
}
