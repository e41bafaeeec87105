using System.Diagnostics;
using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Inputs;
using RobustGrid.Data.Catalog;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Tests.Fixtures;

/// <summary>
/// A <see cref="SmallCnn"/> trained once per test run on 3,000 real Fashion-MNIST training images (with the usual
/// normalisation inside the classifier, so attacks work in pixel space), and the first test images to attack.
/// </summary>
public sealed class TrainedClassifierFixture : IDisposable
{
    public const int TestImages = 200;

    public TrainedClassifierFixture()
    {
        var watch = Stopwatch.StartNew();
        // One intra-op thread: on the shared 2-core machine OpenMP threads spin against other processes and run
        // several times slower than one thread does.
        torch.set_num_threads(1);
        torch.manual_seed(1234);
        var splits = DatasetCatalog.Default().Load("fashion-mnist");
        Model = new SmallCnn();
        Normalization = new PixelNormalization([0.2860f], [0.3530f]);
        var (trainImages, trainLabels) = ImageTensors.From(splits.Train, 3000);
        Train(trainImages, trainLabels);
        trainImages.Dispose();
        trainLabels.Dispose();
        Classifier = ImageClassifier.FromModule(Model, Normalization);
        (Images, Labels) = ImageTensors.From(splits.Test, TestImages);
        using (var predictions = Classifier.Predict(Images))
            CleanAccuracy = predictions.eq(Labels).to_type(ScalarType.Float32).mean().item<float>();
        TrainingSeconds = watch.Elapsed.TotalSeconds;
    }

    public SmallCnn Model { get; }
    public PixelNormalization Normalization { get; }
    public ImageClassifier Classifier { get; }
    public Tensor Images { get; }
    public Tensor Labels { get; }
    public double CleanAccuracy { get; }
    public double TrainingSeconds { get; }

    private readonly Dictionary<(string Attack, ulong Seed, int Count), Tensor> _perturbed = [];

    /// <summary>
    /// The first <paramref name="count"/> test images perturbed by a named test attack, computed once: several tests
    /// check different properties of the same run, and attacks are the slow part of this project's tests.
    /// </summary>
    public Tensor Perturbed(string attack, ulong seed, int count, Func<string, ulong, Tensor> run)
    {
        lock (_perturbed)
        {
            if (!_perturbed.TryGetValue((attack, seed, count), out var images))
            {
                images = run(attack, seed).DetachFromDisposeScope();
                _perturbed[(attack, seed, count)] = images;
            }
            return images;
        }
    }

    /// <summary>The first <paramref name="count"/> test images and labels (views, no copy).</summary>
    public (Tensor Images, Tensor Labels) First(int count) => (Images.narrow(0, 0, count), Labels.narrow(0, 0, count));

    private void Train(Tensor images, Tensor labels)
    {
        Model.train();
        using var optimizer = optim.Adam(Model.parameters(), lr: 2e-3);
        const int batch = 64;
        for (var epoch = 0; epoch < 2; epoch++)
        {
            for (long start = 0; start + batch <= images.shape[0]; start += batch)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var logits = Model.call(Normalization.Apply(images.narrow(0, start, batch)));
                var loss = nn.functional.cross_entropy(logits, labels.narrow(0, start, batch));
                loss.backward();
                optimizer.step();
            }
        }
        Model.eval();
    }

    public void Dispose()
    {
        foreach (var images in _perturbed.Values) images.Dispose();
        Images.Dispose();
        Labels.Dispose();
        Model.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TrainedClassifierCollection : ICollectionFixture<TrainedClassifierFixture>
{
    public const string Name = "trained classifier";
}
