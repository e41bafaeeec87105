using RobustGrid.Training.Data;
using RobustGrid.Training.TestTime.Shifts;
using static TorchSharp.torch;

namespace RobustGrid.Training.TestTime.DynTta;

/// <summary>Accuracy of the frozen classifier behind one enhancer (or none), clean and per corruption.</summary>
public sealed record EnhancerScores(string Enhancer, double CleanAccuracy, Dictionary<string, double> CorruptionAccuracy, double MeanCorruptionError);

/// <summary>
/// Evaluates classifier ∘ enhancer for several enhancers on clean test images and on every corruption × severity of a
/// suite. Each corrupted set is generated once (seeded by corruption and severity) and shown to every enhancer, so
/// they are compared on the same images. mCE is the unnormalised CIFAR form: 100 · (1 − mean accuracy over
/// corruptions and severities).
/// </summary>
public static class EnhancedEvaluation
{
    public static List<EnhancerScores> Measure(IReadOnlyList<(string Name, Func<Tensor, Tensor> Enhance)> enhancers,
        FrozenClassifier classifier, DeviceImageSet test, ICorruptionSuite suite, long seed, int batchSize = 250)
    {
        using var noGrad = no_grad();
        var clean = enhancers.Select(e => Accuracy(e.Enhance, classifier, test.Images.to(ScalarType.Float32).div_(255.0), test.Labels, batchSize)).ToArray();
        var sums = enhancers.Select(_ => new Dictionary<string, double>()).ToArray();
        for (var c = 0; c < suite.Corruptions.Count; c++)
        {
            for (var severity = 1; severity <= suite.Severities; severity++)
            {
                using var scope = NewDisposeScope();
                using var generator = new Generator((ulong)(seed * 7919 + c * 31 + severity), CPU);
                var corrupted = suite.Apply(test.Images, c, severity, generator);
                for (var e = 0; e < enhancers.Count; e++)
                {
                    var accuracy = Accuracy(enhancers[e].Enhance, classifier, corrupted, test.Labels, batchSize);
                    sums[e][suite.Corruptions[c]] = sums[e].GetValueOrDefault(suite.Corruptions[c]) + accuracy / suite.Severities;
                }
            }
        }
        return enhancers.Select((e, i) => new EnhancerScores(e.Name, clean[i], sums[i], 100.0 * (1 - sums[i].Values.Average()))).ToList();
    }

    private static double Accuracy(Func<Tensor, Tensor> enhance, FrozenClassifier classifier, Tensor unitImages, Tensor labels, int batchSize)
    {
        long correct = 0;
        var count = unitImages.shape[0];
        for (long start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(batchSize, count - start);
            var logits = classifier.Logits(enhance(FrozenClassifier.ToRgb(unitImages.narrow(0, start, n))));
            correct += logits.argmax(1).eq(labels.narrow(0, start, n)).sum().item<long>();
        }
        return (double)correct / count;
    }
}
