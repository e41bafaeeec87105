using RobustGrid.Tests.Shared;
using RobustGrid.Training.Data;
using RobustGrid.TestTime.DynTta;
using RobustGrid.TestTime.Operations;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.Tests;

/// <summary>The 50 DynTTA operations on real Fashion-MNIST test images; no trained model needed.</summary>
public sealed class OperationTests(OperationTests.TestImages images) : IClassFixture<OperationTests.TestImages>
{
    /// <summary>The first Fashion-MNIST test images, loaded once for the class.</summary>
    public sealed class TestImages : IDisposable
    {
        public DeviceImageSet Set { get; } =
            DeviceImageSet.Upload(TestData.Catalog.Load("fashion-mnist").Test.Take(8), CPU);

        public void Dispose() => Set.Dispose();
    }

    private Tensor RealRgb(int count) =>
        FrozenClassifier.ToRgb(images.Set.Images.narrow(0, 0, count).to(ScalarType.Float32).div(255.0));

    /// <summary>A colourful image: the grey Fashion-MNIST one tinted per channel, so hue and saturation have work to
    /// do.</summary>
    private Tensor Colourful(int count) => RealRgb(count).mul(tensor(new float[] { 1.0f, 0.6f, 0.3f }).view(1, 3, 1, 1))
        .add(tensor(new float[] { 0f, 0.2f, 0.1f }).view(1, 3, 1, 1)).clamp(0, 1);

    [Fact]
    public void CatalogueHas50OperationsInReferenceOrder()
    {
        Assert.Equal(50, OperationCatalog.Names.Count);
        Assert.Equal("rotate", OperationCatalog.Names[0]);
        Assert.Equal("low-pass-0.05", OperationCatalog.Names[11]);
        Assert.Equal("high-pass-0.95", OperationCatalog.Names[48]);
        Assert.Equal("urie", OperationCatalog.Names[49]);
    }

    [Theory]
    [InlineData(OperationCatalog.Rotate)]
    [InlineData(OperationCatalog.Scale)]
    [InlineData(OperationCatalog.Saturation)]
    [InlineData(OperationCatalog.Contrast)]
    [InlineData(OperationCatalog.Sharpness)]
    [InlineData(OperationCatalog.Brightness)]
    [InlineData(OperationCatalog.Hue)]
    [InlineData(OperationCatalog.Gamma)]
    public void OperationIsIdentityAtItsNeutralMagnitude(int op)
    {
        using var scope = NewDisposeScope();
        var x = Colourful(4);
        var magnitudes = full([4, OperationCatalog.Count], OperationCatalog.NeutralMagnitude(op)!.Value);
        var outputs = new DynTtaOperations().ApplyAll(x, magnitudes, i => i);
        var difference = outputs.select(1, op).sub(x).abs().max().item<float>();
        Assert.True(difference < 1e-4, $"{OperationCatalog.Names[op]} changed the image by {difference}");
    }

    [Theory]
    [InlineData(OperationCatalog.Rotate, 1.0)]
    [InlineData(OperationCatalog.Scale, 1.0)]
    [InlineData(OperationCatalog.Saturation, 2.0)]
    [InlineData(OperationCatalog.Contrast, 2.0)]
    [InlineData(OperationCatalog.Brightness, 0.5)]
    [InlineData(OperationCatalog.Hue, 0.5)]
    [InlineData(OperationCatalog.Gamma, 1.0)]
    public void OperationChangesTheImageAwayFromNeutral(int op, double offset)
    {
        using var scope = NewDisposeScope();
        var x = Colourful(4);
        var magnitudes = full([4, OperationCatalog.Count], OperationCatalog.NeutralMagnitude(op)!.Value + offset);
        var outputs = new DynTtaOperations().ApplyAll(x, magnitudes, i => i);
        Assert.True(outputs.select(1, op).sub(x).abs().mean().item<float>() > 1e-3, OperationCatalog.Names[op]);
    }

    [Fact]
    public void HsvRoundTripIsExactOnRealColours()
    {
        using var scope = NewDisposeScope();
        var x = Colourful(8);
        Assert.True(Hsv.ToRgb(Hsv.FromRgb(x)).sub(x).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void InvertSubtractsFromTheBatchMaximum()
    {
        using var scope = NewDisposeScope();
        var x = RealRgb(4).mul(0.8);
        var inverted = ColorOperations.Invert(x);
        Assert.True(inverted.sub(x.max().sub(x)).abs().max().item<float>() < 1e-6);
        Assert.True(Math.Abs(inverted.min().item<float>()) < 1e-6);
    }

    [Fact]
    public void LowPassKeepsAConstantImageAndHighPassRemovesIt()
    {
        using var scope = NewDisposeScope();
        var x = full([1, 3, 28, 28], 0.4f);
        var filtered = FrequencyFilters.ApplyAll(x, FrequencyFilters.Masks(28, 28, CPU));
        Assert.True(filtered.narrow(1, 0, 19).sub(0.4).abs().max().item<float>() < 1e-5);
        Assert.True(filtered.narrow(1, 19, 19).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void LowPassRemovesTheFinestCheckerboardAndHighPassKeepsIt()
    {
        using var scope = NewDisposeScope();
        var checker = arange(28).view(-1, 1).add(arange(28).view(1, -1)).remainder(2).mul(2).sub(1)
            .to(ScalarType.Float32);
        var x = checker.view(1, 1, 28, 28).expand(1, 3, 28, 28).contiguous();
        var filtered = FrequencyFilters.ApplyAll(x, FrequencyFilters.Masks(28, 28, CPU));
        Assert.True(filtered.narrow(1, 0, 19).abs().max().item<float>() < 1e-4);
        Assert.True(filtered.narrow(1, 19, 19).sub(x.unsqueeze(1)).abs().max().item<float>() < 1e-4);
    }

    [Fact]
    public void LowPassRadiusGrowsMonotonicallyTowardsTheImage()
    {
        using var scope = NewDisposeScope();
        var x = RealRgb(2);
        var filtered = FrequencyFilters.ApplyAll(x, FrequencyFilters.Masks(28, 28, CPU));
        var errors = Enumerable.Range(0, 19).Select(i => filtered.select(1, i).sub(x).square().mean().item<float>())
            .ToArray();
        for (var i = 1; i < errors.Length; i++)
            Assert.True(errors[i] <= errors[i - 1] + 1e-7, $"radius {i}: {errors[i]} > {errors[i - 1]}");
        Assert.True(errors[0] > 10 * errors[^1]);
    }

    [Fact]
    public void AutoContrastStretchesTheRangeAndPassesTheGradientStraightThrough()
    {
        using var scope = NewDisposeScope();
        var x = RealRgb(2).mul(0.5).add(0.2).detach().requires_grad_(true);
        var output = HistogramOperations.AutoContrast(x);
        Assert.True(output.max().item<float>() > 0.95f);
        Assert.True(output.min().item<float>() < 0.01f);
        var upstream = rand(x.shape);
        output.mul(upstream).sum().backward();
        Assert.True(x.grad!.sub(upstream).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void EqualizeSpreadsALowContrastImageAndKeepsTheOrderOfLevels()
    {
        using var scope = NewDisposeScope();
        var x = RealRgb(1).mul(0.3).add(0.3).mul(255).round().div(255);
        var output = HistogramOperations.Equalize(x);
        Assert.True(output.max().item<float>() > 0.95f);
        var flatIn = x.select(1, 0).flatten();
        var flatOut = output.select(1, 0).flatten();
        var order = flatIn.argsort();
        var sortedOut = flatOut.index_select(0, order);
        Assert.True(sortedOut.narrow(0, 1, sortedOut.shape[0] - 1).sub(sortedOut.narrow(0, 0, sortedOut.shape[0] - 1))
            .min().item<float>() >= 0);
    }

    [Fact]
    public void GradientsReachTheMagnitudesOfDifferentiableOperations()
    {
        using var scope = NewDisposeScope();
        var x = Colourful(2);
        // Near each operation's identity, where no clamp saturates and every gradient is alive.
        var start = Enumerable.Range(0, OperationCatalog.Count)
            .Select(op => (float)(OperationCatalog.NeutralMagnitude(op) ?? 0) + 0.2f).ToArray();
        var magnitudes = tensor(start).unsqueeze(0).repeat(2, 1).requires_grad_(true);
        var outputs = new DynTtaOperations().ApplyAll(x, magnitudes, i => i);
        outputs.mul(rand(outputs.shape)).sum().backward();
        foreach (var op in new[] { OperationCatalog.Rotate, OperationCatalog.Scale, OperationCatalog.Saturation,
                     OperationCatalog.Contrast, OperationCatalog.Sharpness, OperationCatalog.Brightness,
                     OperationCatalog.Hue, OperationCatalog.Gamma })
            Assert.True(magnitudes.grad!.select(1, op).abs().sum().item<float>() > 0, OperationCatalog.Names[op]);
        Assert.Equal(0f, magnitudes.grad!.select(1, OperationCatalog.Invert).abs().sum().item<float>());
    }
}
