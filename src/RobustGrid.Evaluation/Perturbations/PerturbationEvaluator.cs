using RobustGrid.Catalog;
using RobustGrid.Corruptions.Perturbations;
using RobustGrid.Data;
using static TorchSharp.torch;

namespace RobustGrid.Evaluation.Perturbations;

/// <summary>
/// Scores a classifier on the CIFAR-10-P suite: every test image becomes one sequence per perturbation, generated
/// here (seeded) as the benchmark's generator makes them, and the classifier's scores along each sequence give the
/// flip probability and top-5 distance (<see cref="SequenceStability"/>).
/// </summary>
public sealed class PerturbationEvaluator(Device device, int imagesPerBatch = 16)
{
    /// <param name="test">32×32 RGB test images (CIFAR-10's).</param>
    /// <param name="perturbations">Names to score; null: all 10.</param>
    public PerturbationReport Evaluate(ByteClassifier classifier, ImageSet test, long seed,
        IReadOnlyList<string>? perturbations = null, IProgress<string>? progress = null,
        CancellationToken cancellation = default)
    {
        if (test.Height != 32 || test.Width != 32 || test.Channels != 3)
            throw new ArgumentException($"{PerturbationNames.Suite} needs 32x32 RGB images (CIFAR-10); " +
                $"{classifier.Dataset} has {test.Height}x{test.Width}x{test.Channels}");
        var scores = new List<PerturbationScore>();
        foreach (var name in perturbations ?? PerturbationNames.Names)
        {
            var perturbation = PerturbationRegistry.Get(name);
            progress?.Report($"{name}: {test.Count} sequences of {perturbation.Frames} frames");
            var sequences = Scores(classifier, test, perturbation, SequenceSeed(seed, name), cancellation);
            scores.Add(new PerturbationScore(name,
                SequenceStability.FlipProbability(sequences, perturbation.IsNoise),
                SequenceStability.TopFiveDistance(sequences, perturbation.IsNoise)));
        }
        return new PerturbationReport(classifier.Name, test.Count, scores);
    }

    /// <summary>Per image, per frame, the classifier's scores.</summary>
    private List<float[][]> Scores(ByteClassifier classifier, ImageSet test, IPerturbation perturbation, long seed,
        CancellationToken cancellation)
    {
        using var generator = new Generator((ulong)seed);
        var sequences = new List<float[][]>(test.Count);
        using var noGrad = no_grad();
        for (var start = 0; start < test.Count; start += imagesPerBatch)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var batch = test.Slice(start, Math.Min(imagesPerBatch, test.Count - start));
            var images = tensor(batch.Pixels, ScalarType.Byte).reshape(batch.Count, 32, 32, 3).permute(0, 3, 1, 2)
                .contiguous();
            var frames = perturbation.Sequence(images, generator);
            var logits = classifier.Logits(frames.reshape(-1, 3, 32, 32).to(device)).to_type(ScalarType.Float32)
                .cpu();
            var classes = (int)logits.shape[1];
            var values = logits.data<float>().ToArray();
            for (var i = 0; i < batch.Count; i++)
                sequences.Add([.. Enumerable.Range(0, perturbation.Frames).Select(t =>
                    values.AsSpan(((i * perturbation.Frames) + t) * classes, classes).ToArray())]);
        }
        return sequences;
    }

    /// <summary>Each perturbation draws from its own stream, so scoring a subset gives the same sequences.</summary>
    private static long SequenceSeed(long seed, string name) =>
        seed * 1_000_003 + PerturbationNames.Names.ToList().IndexOf(name);
}
