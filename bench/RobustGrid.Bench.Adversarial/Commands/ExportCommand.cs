using System.Globalization;
using System.Text.Json;
using RobustGrid.Adversarial.Apgd;
using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Export;
using RobustGrid.Adversarial.Norms;
using static TorchSharp.torch;

namespace RobustGrid.Bench.Adversarial.Commands;

/// <summary>
/// Writes what the reference cross-check needs: the trained small CNN (model.safetensors, PyTorch parameter names),
/// the test images and labels (images.safetensors, NCHW float32 in [0, 1]) and our APGD-CE robust accuracy on them
/// (ours.json), for `crosscheck/apgd_crosscheck.py`.
/// </summary>
public static class ExportCommand
{
    public static void Run(string outDirectory, int images, int trainImages, int epochs, TextWriter log)
    {
        Directory.CreateDirectory(outDirectory);
        var (module, classifier, testImages, testLabels) = BenchModels.Train("small-cnn", trainImages, images, epochs, log);
        Safetensors.Write(Path.Combine(outDirectory, "model.safetensors"), module.state_dict(),
            new Dictionary<string, string> { ["architecture"] = "small-cnn", ["normalization"] = "mean 0.2860 std 0.3530" });
        Safetensors.Write(Path.Combine(outDirectory, "images.safetensors"),
            new Dictionary<string, Tensor> { ["images"] = testImages, ["labels"] = testLabels });

        var results = new Dictionary<string, double>();
        foreach (var (norm, eps, label) in new[] { (LpNorm.Linf, 8.0 / 255, "linf-8/255"), (LpNorm.L2, 0.5, "l2-0.5") })
        {
            var suite = new AttackSuite($"apgd-ce-{label}", norm, eps, [new ApgdAttack(AutoAttackStandard.ApgdCe(norm, eps))]);
            using var evaluation = new RobustnessEvaluator().Evaluate(classifier, suite, testImages, testLabels);
            results["clean"] = evaluation.Result.CleanAccuracy;
            results[suite.Name] = evaluation.Result.RobustAccuracy;
            log.WriteLine($"{suite.Name}: clean {evaluation.Result.CleanAccuracy:P2}, robust {evaluation.Result.RobustAccuracy:P2}");
        }
        File.WriteAllText(Path.Combine(outDirectory, "ours.json"),
            JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {outDirectory}/model.safetensors, images.safetensors, ours.json"));
        module.Dispose();
    }
}
