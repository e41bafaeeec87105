using RobustGrid.Training.Data;
using RobustGrid.Training.TestTime.Shifts;
using static TorchSharp.torch;

namespace RobustGrid.Training.TestTime.DynTta;

/// <summary>Accuracy of the frozen classifier behind one enhancer (or none), clean and per corruption.</summary>
public sealed record EnhancerScores(string Enhancer, double CleanAccuracy, Dictionary<string, double> CorruptionAccuracy, double MeanCorruptionError);

/// <summary>
/// Evaluates classifier ∘ enhancer on clean test images and on every corruption × severity of a suite. Corruption
/// randomness is seeded by (corruption, severity), so every enhancer sees the same corrupted images. mCE here is
/// the unnormalised CIFAR form: 100 · (1 - mean accuracy over corruptions and severities).
/// </summary>
public static class EnhancedEvaluation
{
    public static EnhancerScores Measure(string name, Func<Tensor, Tensor> enhance, FrozenClassifier classifier,
        DeviceImageSet test, ICorruptionSuite suite, long seed, int batchSize = 250)
    {
        using var noGrad = no_grad();
        var clean = Accuracy(enhance, classifier, test, batchSize, images => images.to(ScalarType.Float32).div(255.0));
        var perCorruption = new Dictionary<string, double>();
        for (var c = 0; c < suite.Corruptions.Count; c++)
        {
            var sum = 0.0;
            for (var severity = 1; severity <= suite.Severities; severity++)
            {
                using var generator = new Generator((ulong)(seed * 7919 + c * 31 + severity), CPU);
                var (corruption, level) = (c, severity);
                sum += Accuracy(enhance, classifier, test, batchSize, images => suite.Apply(images, corruption, level, generator));
            }
            perCorruption[suite.Corruptions[c]] = sum / suite.Severities;
        }
        return new EnhancerScores(name, clean, perCorruption, 100.0 * (1 - perCorruption.Values.Average()));
    }

    private static double Accuracy(Func<Tensor, Tensor> enhance, FrozenClassifier classifier, DeviceImageSet test, int batchSize,
        Func<Tensor, Tensor> prepare)
    {
        long correct = 0;
        for (var start = 0; start < test.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, test.Count - start);
            var images = FrozenClassifier.ToRgb(prepare(test.Images.narrow(0, start, count)));
            var logits = classifier.Logits(enhance(images));
            correct += logits.argmax(1).eq(test.Labels.narrow(0, start, count)).sum().item<long>();
        }
        return (double)correct / test.Count;
    }
}
