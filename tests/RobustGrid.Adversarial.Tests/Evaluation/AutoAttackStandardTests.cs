using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Norms;
using RobustGrid.Adversarial.Tests.Fixtures;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Tests.Evaluation;

[Trait("Category", "Integration")]
[Collection(TrainedClassifierCollection.Name)]
public sealed class AutoAttackStandardTests(TrainedClassifierFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// fra31/auto-attack, autoattack.py, set_version('standard') for Linf and L2:
    /// attacks_to_run = ['apgd-ce', 'apgd-t', 'fab-t', 'square'].
    /// </summary>
    internal static readonly string[] ReferenceOrder = ["apgd-ce", "apgd-t", "fab-t", "square"];

    [Fact]
    public void TheFullStandardLinfVersionRunsAllFourAttacksInOrderOnThePointsLeft()
    {
        using var scope = NewDisposeScope();
        // A handful of images: the full budgets (100 iterations, 9 targets, 5,000 queries) on every survivor.
        var (images, labels) = fixture.First(4);
        var suite = AttackPresets.Create(AttackPresets.AutoAttackLinf8);
        using var evaluation = new RobustnessEvaluator().Evaluate(fixture.Classifier, suite, images, labels);
        var result = evaluation.Result;
        foreach (var stage in result.Stages)
            output.WriteLine(
                $"{stage.Attack}: {stage.Attacked} attacked, robust {stage.RobustAccuracy:P0}, {stage.Seconds:F1} s");

        Assert.Equal("autoattack-linf-8/255", result.Suite);
        Assert.Equal(ReferenceOrder, result.Stages.Select(s => s.Attack));
        Assert.True(result.RobustAccuracy < result.CleanAccuracy,
            $"robust {result.RobustAccuracy:P0}, clean {result.CleanAccuracy:P0}");
        var previous = result.CleanAccuracy;
        foreach (var stage in result.Stages)
        {
            // Each attack only sees the points still correct, so accuracy can only fall and the next attack gets
            // exactly the survivors.
            Assert.True(stage.RobustAccuracy <= previous);
            Assert.Equal((int)Math.Round(previous * result.Images), stage.Attacked);
            previous = stage.RobustAccuracy;
        }
        Assert.Equal(previous, result.RobustAccuracy);
        Assert.True(result.MaxPerturbation <= 8.0 / 255 + 1e-6, $"max perturbation {result.MaxPerturbation}");
        var returned = evaluation.AdversarialImages;
        Assert.True(returned.min().item<float>() >= 0 && returned.max().item<float>() <= 1);
    }

    [Fact]
    public void TheStandardParametersAreThoseOfTheReference()
    {
        var suite = AutoAttackStandard.Create(LpNorm.L2, 0.5, "0.5", seed: 3);
        Assert.Equal("autoattack-l2-0.5", suite.Name);
        var apgdCe = Assert.IsType<Adversarial.Apgd.ApgdAttack>(suite.Attacks[0]).Options;
        Assert.Equal((100, 1, 0.75, 3ul), (apgdCe.Iterations, apgdCe.Restarts, apgdCe.Rho, apgdCe.Seed));
        var apgdT = Assert.IsType<Adversarial.Apgd.ApgdTargetedAttack>(suite.Attacks[1]).Options;
        Assert.Equal((100, 1, 9), (apgdT.Iterations, apgdT.Restarts, apgdT.TargetClasses));
        var fabT = Assert.IsType<Adversarial.Fab.FabTargetedAttack>(suite.Attacks[2]).Options;
        Assert.Equal((100, 1, 9, 0.1, 1.05, 0.9),
            (fabT.Iterations, fabT.Restarts, fabT.TargetClasses, fabT.AlphaMax, fabT.Eta, fabT.Beta));
        var square = Assert.IsType<Adversarial.Square.SquareAttack>(suite.Attacks[3]).Options;
        Assert.Equal((5000, 0.8, 1, false), (square.Queries, square.PInit, square.Restarts, square.RescaleSchedule));
        Assert.All(suite.Attacks, a => Assert.Equal((LpNorm.L2, 0.5), (a.Norm, a.Epsilon)));
    }
}
