using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Norms;
using RobustGrid.Adversarial.Tests.Fixtures;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Tests.Attacks;

[Trait("Category", "Integration")]
[Collection(TrainedClassifierCollection.Name)]
public sealed class AttackInvariantTests(TrainedClassifierFixture fixture)
{
    private const int Count = 48;

    /// <summary>Zero-epsilon runs never fool a point, so they spend the whole budget on every image: keep them
    /// small.</summary>
    private const int ZeroEpsilonCount = 16;

    /// <summary>Images of the shared run (seed 5) that the ball, range and seed tests check.</summary>
    private const int SharedCount = 24;

    private const ulong SharedSeed = 5;

    private Tensor SharedRun(string name) => fixture.Perturbed(name, SharedSeed, SharedCount, (attack, seed) =>
    {
        var (images, labels) = fixture.First(SharedCount);
        return AttackCases.Create(attack, seed).Perturb(fixture.Classifier, images, labels);
    });

    [Theory]
    [MemberData(nameof(AttackCases.Names), MemberType = typeof(AttackCases))]
    public void LowersAccuracyAndNeverRaisesIt(string name)
    {
        using var scope = NewDisposeScope();
        var (images, labels) = fixture.First(Count);
        using var evaluation = new RobustnessEvaluator(batchSize: 64)
            .Evaluate(fixture.Classifier, AttackCases.Suite(name), images, labels);
        var result = evaluation.Result;

        Assert.True(result.CleanAccuracy > 0.6, $"the fixture model is undertrained: {result.CleanAccuracy:P0}");
        Assert.True(result.RobustAccuracy < result.CleanAccuracy,
            $"{name}: robust {result.RobustAccuracy:P0}, clean {result.CleanAccuracy:P0}");

        // The returned images carry the result: robust accuracy is the accuracy on them, and every point that was
        // wrong on the clean image comes back as its clean image, still wrong.
        var returnedCorrect = fixture.Classifier.Predict(evaluation.AdversarialImages).eq(labels);
        Assert.Equal(result.RobustAccuracy, returnedCorrect.to_type(ScalarType.Float32).mean().item<float>(), 5);
        var cleanWrong = fixture.Classifier.Predict(images).ne(labels);
        var unchanged = (evaluation.AdversarialImages - images).abs().flatten(1).amax(1).eq(0);
        Assert.True(unchanged.logical_or(cleanWrong.logical_not()).all().item<bool>(),
            "a misclassified point was attacked");
        Assert.False(returnedCorrect.logical_and(cleanWrong).any().item<bool>(), "an attack made a wrong point right");
    }

    [Theory]
    [MemberData(nameof(AttackCases.Names), MemberType = typeof(AttackCases))]
    public void StaysInsideTheEpsilonBallAndThePixelRange(string name)
    {
        using var scope = NewDisposeScope();
        var (images, _) = fixture.First(SharedCount);
        var attack = AttackCases.Create(name);
        var adversarial = SharedRun(name);

        Assert.Equal(images.shape, adversarial.shape);
        var sizes = Perturbations.Norm(adversarial - images, attack.Norm);
        var largest = sizes.max().item<float>();
        Assert.True(largest <= attack.Epsilon * (1 + 1e-5) + 1e-6,
            $"{name}: perturbation {largest} > eps {attack.Epsilon}");
        Assert.True(adversarial.min().item<float>() >= 0f && adversarial.max().item<float>() <= 1f,
            $"{name}: left [0, 1]");
        Assert.True(largest > 0, $"{name}: returned the clean images only");
    }

    [Theory]
    [MemberData(nameof(AttackCases.Names), MemberType = typeof(AttackCases))]
    public void ZeroEpsilonGivesTheCleanAccuracy(string name)
    {
        using var scope = NewDisposeScope();
        var (images, labels) = fixture.First(ZeroEpsilonCount);
        using var evaluation =
            new RobustnessEvaluator().Evaluate(fixture.Classifier, AttackCases.Suite(name, epsilon: 0), images, labels);
        Assert.Equal(evaluation.Result.CleanAccuracy, evaluation.Result.RobustAccuracy);
        Assert.Equal(0.0, evaluation.Result.MaxPerturbation);
    }

    [Theory]
    [MemberData(nameof(AttackCases.Names), MemberType = typeof(AttackCases))]
    public void TheSameSeedGivesTheSameImages(string name)
    {
        using var scope = NewDisposeScope();
        var (images, labels) = fixture.First(SharedCount);
        var again = AttackCases.Create(name, SharedSeed).Perturb(fixture.Classifier, images, labels);
        Assert.True(SharedRun(name).eq(again).all().item<bool>(), $"{name} is not reproducible");
    }

    [Theory]
    [MemberData(nameof(AttackCases.Randomised), MemberType = typeof(AttackCases))]
    public void AnotherSeedGivesOtherImages(string name)
    {
        using var scope = NewDisposeScope();
        var (images, labels) = fixture.First(SharedCount);
        var other = AttackCases.Create(name, SharedSeed + 1).Perturb(fixture.Classifier, images, labels);
        Assert.False(SharedRun(name).eq(other).all().item<bool>(), $"{name} ignores its seed");
    }
}
