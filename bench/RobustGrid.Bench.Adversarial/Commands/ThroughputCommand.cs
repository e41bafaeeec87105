using RobustGrid.Adversarial.Apgd;
using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Norms;

namespace RobustGrid.Bench.Adversarial.Commands;

/// <summary>
/// Images/s of one suite on one model: runs the evaluator on the first test images and prints a markdown table row.
/// "apgd-ce" is APGD-CE alone with the standard parameters at L-inf 8/255; anything else is a preset name.
/// </summary>
public static class ThroughputCommand
{
    public static void Run(string model, string suiteName, int images, int trainImages, int epochs, TextWriter log)
    {
        using var bench = BenchModels.Load(model, trainImages, epochs, images, log);
        var suite = suiteName == "apgd-ce"
            ? new AttackSuite("apgd-ce-linf-8/255", LpNorm.Linf, 8.0 / 255,
                [new ApgdAttack(AutoAttackStandard.ApgdCe(LpNorm.Linf, 8.0 / 255))])
            : AttackPresets.Create(suiteName);
        using var evaluation = new RobustnessEvaluator().Evaluate(bench.Classifier, suite, bench.Images, bench.Labels,
            stage => log.WriteLine($"  {stage.Attack}: {stage.Attacked} attacked, " +
                $"robust {stage.RobustAccuracy:P1}, {stage.Seconds:F1} s"));
        var r = evaluation.Result;
        log.WriteLine($"| {model} | {r.Suite} | {r.Images} | {r.CleanAccuracy:P1} | {r.RobustAccuracy:P1} " +
            $"| {r.Seconds:F1} | {r.ImagesPerSecond:F2} |");
    }
}
