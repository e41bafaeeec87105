using System.Globalization;
using System.Text.Json;
using RobustGrid.Adversarial.Apgd;
using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Norms;
using RobustGrid.Training.Interop;

namespace RobustGrid.Bench.Adversarial.Commands;

/// <summary>
/// Writes what the reference cross-check needs: the project's small-cnn trained on Fashion-MNIST
/// (model.safetensors, PyTorch parameter names), the test images and labels (images.safetensors, NCHW float32 in
/// [0, 1]) and our APGD-CE robust accuracy on them (ours.json), for `crosscheck/apgd_crosscheck.py`.
/// </summary>
public static class ExportCommand
{
    public static void Run(string outDirectory, int images, int trainImages, int epochs, TextWriter log)
    {
        Directory.CreateDirectory(outDirectory);
        using var bench = BenchModels.Load("small-cnn", trainImages, epochs, images, log);
        SafetensorsWriter.Write(Path.Combine(outDirectory, "model.safetensors"),
            bench.Module.state_dict().Select(p => (p.Key, p.Value)),
            new Dictionary<string, string> { ["model"] = "small-cnn", ["normalization"] = "mean 0.2860 std 0.3530" });
        SafetensorsWriter.Write(Path.Combine(outDirectory, "images.safetensors"),
            [("images", bench.Images), ("labels", bench.Labels)]);

        var results = new Dictionary<string, double>();
        foreach (var (norm, eps, label) in new[] { (LpNorm.Linf, 8.0 / 255, "linf-8/255"), (LpNorm.L2, 0.5, "l2-0.5") })
        {
            var suite =
                new AttackSuite($"apgd-ce-{label}", norm, eps, [new ApgdAttack(AutoAttackStandard.ApgdCe(norm, eps))]);
            using var evaluation =
                new RobustnessEvaluator().Evaluate(bench.Classifier, suite, bench.Images, bench.Labels);
            results["clean"] = evaluation.Result.CleanAccuracy;
            results[suite.Name] = evaluation.Result.RobustAccuracy;
            log.WriteLine($"{suite.Name}: clean {evaluation.Result.CleanAccuracy:P2}, " +
                $"robust {evaluation.Result.RobustAccuracy:P2}, "
                + $"{evaluation.Result.ImagesPerSecond:F1} images/s");
        }
        File.WriteAllText(Path.Combine(outDirectory, "ours.json"),
            JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {outDirectory}/model.safetensors, images.safetensors, ours.json"));
    }
}
