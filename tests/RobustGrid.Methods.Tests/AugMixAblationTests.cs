using RobustGrid.Training.Augmentations;
using RobustGrid.Training.Augmentations.Pil;
using RobustGrid.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.Tests;

/// <summary>The ablation knobs used to explain the Fashion-MNIST evidence: AugMix's op subset and the
/// normalisations.</summary>
public sealed class AugMixAblationTests
{
    [Fact]
    public void AnOpSubsetKeepsTheReferenceOrderAndRejectsUnknownOrRepeatedNames()
    {
        var subset = PilOpSets.AugMixSubset("translate_x, rotate", "augmix", "ops");
        Assert.Equal(["rotate", "translate_x"], subset.Select(op => op.Name));
        var unknown = Assert.Throws<ArgumentException>(
            () => MethodRegistry.Create("augmix", new Dictionary<string, string> { ["ops"] = "rotate,fog" }));
        Assert.Contains("ops", unknown.Message);
        Assert.Contains("fog", unknown.Message);
        Assert.Throws<ArgumentException>(
            () => MethodRegistry.Create("augmix", new Dictionary<string, string> { ["ops"] = "rotate,rotate" }));
    }

    [Fact]
    public void ChainsDrawOnlyFromTheChosenOps()
    {
        // Rows of constant value: a chain of up to 3 horizontal translations (|t| ≤ 2 px each at 28 px, severity 3)
        // leaves every column at least 6 px from the border unchanged, so the mixed views equal the clean image
        // there. Any other op would not.
        var rowValues = arange(28, ScalarType.Float32).mul(9).add(3).to(ScalarType.Byte);
        var images = rowValues.reshape(1, 1, 28, 1).expand(6, 1, 28, 28).contiguous();
        var normalization = Normalization.SymmetricUnit(1);
        var clean = normalization.FromBytes(images).repeat(2, 1, 1, 1);

        var translateOnly = new AugMixAugmenter(3, 3, -1, 1.0, PilOpSets.AugMixSubset("translate_x", "augmix", "ops"))
            .Augment(images, 2, normalization, new Generator(5, CPU));
        Assert.True(translateOnly.narrow(3, 6, 16).sub(clean.narrow(3, 6, 16)).abs().max().item<float>() < 1e-5);
        // The translations are really applied: the border columns get the black fill in some views.
        Assert.True(translateOnly.sub(clean).abs().max().item<float>() > 0.1);

        var allOps = new AugMixAugmenter(3, 3, -1, 1.0).Augment(images, 2, normalization, new Generator(5, CPU));
        Assert.True(allOps.narrow(3, 6, 16).sub(clean.narrow(3, 6, 16)).abs().max().item<float>() > 0.1);
    }

    [Fact]
    public void ErmAndAugMixCanSwapNormalisationsForAblations()
    {
        var profile = DatasetProfile.For("fashion-mnist");
        var symmetric = Normalization.SymmetricUnit(1);
        Assert.Equal(profile.Normalization,
            MethodRegistry.Create("erm", new Dictionary<string, string>()).Normalization(profile));
        Assert.Equal(symmetric.Mean, MethodRegistry.Create("erm",
            new Dictionary<string, string> { ["normalization"] = "symmetric" }).Normalization(profile).Mean);
        Assert.Equal(symmetric.Std,
            MethodRegistry.Create("augmix", new Dictionary<string, string>()).Normalization(profile).Std);
        Assert.Equal(profile.Normalization, MethodRegistry.Create("augmix",
            new Dictionary<string, string> { ["normalization"] = "dataset" }).Normalization(profile));
    }
}
