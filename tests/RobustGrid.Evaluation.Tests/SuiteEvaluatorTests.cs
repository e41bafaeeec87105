using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Suite;
using RobustGrid.Data;
using RobustGrid.Data.Formats;
using static TorchSharp.torch;

namespace RobustGrid.Evaluation.Tests;

public sealed class SuiteEvaluatorTests
{
    /// <summary>
    /// A classifier that memorised the clean images: it predicts the label of the nearest clean image. It is perfect on
    /// clean data, and its errors under corruption grow with severity for strong corruptions — which the evaluator
    /// must report, batch by batch, in the right cells.
    /// </summary>
    [Fact]
    public void MemorisingClassifierIsPerfectOnCleanImagesAndDegradesWithSeverity()
    {
        const int n = 60;
        // The first 200 CIFAR-10 test images, uint8 [200, 32, 32, 3].
        var input = NpyFile.ReadUInt8(Path.Combine(AppContext.BaseDirectory, "Fixtures", "input.npy.gz"), -1, 32, 32,
            3);
        var labels = Enumerable.Range(0, n).Select(i => i % 10).ToArray();
        var clean = new ImageSet(input.Data[..(n * 3072)], labels, 32, 32, 3,
            Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray());
        using var memory = tensor(clean.Pixels, [n, 3072]).to_type(ScalarType.Float32);
        using var oneHot = nn.functional.one_hot(tensor(labels.Select(l => (long)l).ToArray()), 10)
            .to_type(ScalarType.Float32);

        Tensor Classify(Tensor nchw)
        {
            var flat = nchw.permute(0, 2, 3, 1).reshape(nchw.shape[0], -1).to_type(ScalarType.Float32);
            var nearest = cdist(flat, memory).argmin(1);
            return oneHot.index_select(0, nearest) * 10; // confident logits
        }

        var suite =
            new GeneratedSuite(CorruptionEngine.Default(), clean, seed: 0, corruptions: ["gaussian_noise", "contrast"]);
        var report = new SuiteEvaluator(Classify, CPU, batchSize: 16).Evaluate("memoriser", suite, clean.Pixels);
        Assert.Equal(0.0, report.CleanError);
        Assert.Equal(n, report.CleanImages);
        var contrast = report.Corruptions.Single(c => c.Corruption == "contrast");
        Assert.True(contrast.Errors[4] > contrast.Errors[0], string.Join(", ", contrast.Errors));
        Assert.True(contrast.Errors[4] > 0.3, $"contrast s5 error {contrast.Errors[4]}");
        // Confidence is softmax(10 on the predicted class) = e¹⁰/(e¹⁰ + 9) everywhere, all in one bin, so
        // ECE = |accuracy − confidence| = |error − (1 − confidence)|.
        var gap = 1 - Math.Exp(10) / (Math.Exp(10) + 9);
        for (var s = 0; s < 5; s++) Assert.Equal(Math.Abs(contrast.Errors[s] - gap), contrast.Ece[s], 5);

        // Two classifiers on one pass over the suite get the reports each would get alone.
        Tensor Constant(Tensor nchw) =>
            nn.functional.one_hot(zeros(nchw.shape[0], ScalarType.Int64), 10).to_type(ScalarType.Float32);
        var alone = new SuiteEvaluator(Constant, CPU, batchSize: 16).Evaluate("constant", suite, clean.Pixels);
        var both = new SuiteEvaluator([Classify, Constant], CPU, batchSize: 16)
            .EvaluateEach(["memoriser", "constant"], suite, clean.Pixels);
        foreach (var (together, single) in new[] { (both[0], report), (both[1], alone) })
        {
            Assert.Equal(single.CleanError, together.CleanError);
            Assert.Equal(single.Corruptions.Select(c => c.Errors), together.Corruptions.Select(c => c.Errors));
            Assert.Equal(single.Corruptions.Select(c => c.Ece), together.Corruptions.Select(c => c.Ece));
        }
        Assert.Equal(0.9, alone.CleanError, 10);

        // Severities 2 and 5 only: the same cells as the whole suite's, the others unscored, every mean over the two.
        var subset = new GeneratedSuite(CorruptionEngine.Default(), clean, seed: 0,
            corruptions: ["gaussian_noise", "contrast"], severities: [2, 5]);
        var some = new SuiteEvaluator(Classify, CPU, batchSize: 16).Evaluate("memoriser", subset, clean.Pixels);
        foreach (var (part, all) in some.Corruptions.Zip(report.Corruptions))
        {
            Assert.Equal(new[] { all.Errors[1], all.Errors[4] }, new[] { part.Errors[1], part.Errors[4] });
            Assert.All(new[] { 0, 2, 3 }, s => Assert.True(double.IsNaN(part.Errors[s]) && double.IsNaN(part.Ece[s])));
            Assert.Equal((all.Errors[1] + all.Errors[4]) / 2, part.MeanError, 12);
            Assert.Equal((all.Ece[1] + all.Ece[4]) / 2, part.MeanEce, 12);
        }
        Assert.Equal(some.Corruptions.Average(c => c.MeanError), some.MeanCorruptionError, 12);
    }
}
