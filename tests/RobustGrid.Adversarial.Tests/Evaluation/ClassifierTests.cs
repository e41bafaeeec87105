using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Losses;
using RobustGrid.Adversarial.Tests.Fixtures;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Tests.Evaluation;

[Trait("Category", "Integration")]
[Collection(TrainedClassifierCollection.Name)]
public sealed class ClassifierTests(TrainedClassifierFixture fixture)
{
    [Fact]
    public void TheClassifierNormalisesPixelsBeforeTheModel()
    {
        using var scope = NewDisposeScope();
        var (images, _) = fixture.First(8);
        var expected = fixture.Model.call((images - 0.2860f) / 0.3530f);
        Assert.True(fixture.Classifier.Logits(images).allclose(expected, 1e-5, 1e-6));
    }

    [Fact]
    public void GradientsGoToTheInputOnly()
    {
        using var scope = NewDisposeScope();
        var (images, labels) = fixture.First(8);
        fixture.Model.zero_grad(); // clears what training left behind
        var result = fixture.Classifier.LossAndGradient(images, logits => CrossEntropy.PerImage(logits, labels));
        Assert.Equal(images.shape, result.Gradient.shape);
        Assert.True(result.Gradient.abs().sum().item<float>() > 0);
        Assert.All(fixture.Model.parameters(),
            p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));
    }

    [Fact]
    public void BatchingDoesNotChangeADeterministicAttack()
    {
        using var scope = NewDisposeScope();
        var (images, labels) = fixture.First(48);
        // PGD without a random start is deterministic whatever the batch, so batches of 7 and of 48 must agree.
        var pgd = new Adversarial.Pgd.PgdAttack(
            new Adversarial.Pgd.PgdOptions(Adversarial.Norms.LpNorm.Linf, 8.0 / 255, 5, 2.0 / 255, RandomStart: false));
        var suite = new AttackSuite("pgd-test", pgd.Norm, pgd.Epsilon, [pgd]);
        using var small = new RobustnessEvaluator(batchSize: 7).Evaluate(fixture.Classifier, suite, images, labels);
        using var whole = new RobustnessEvaluator(batchSize: 48).Evaluate(fixture.Classifier, suite, images, labels);
        Assert.Equal(whole.Result.RobustAccuracy, small.Result.RobustAccuracy, 2);
        Assert.True(small.Result.RobustAccuracy < small.Result.CleanAccuracy);
    }
}
