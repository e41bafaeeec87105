using RobustGrid.Adversarial.Losses;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Tests.Losses;

public sealed class DlrLossTests
{
    // Logits [1, 4, 2, 3]: sorted ascending 1, 2, 3, 4, so z_pi1 = 4, z_pi2 = 3, z_pi3 = 2, z_pi4 = 1.
    private static Tensor Logits() => tensor(new float[] { 1, 4, 2, 3 }).view(1, 4);

    [Fact]
    public void UntargetedLabelNotOnTopUsesTheTopLogit()
    {
        // y = 0: -(z_0 - z_pi1) / (z_pi1 - z_pi3) = -(1 - 4) / (4 - 2) = 1.5
        using var loss = DlrLoss.Untargeted(Logits(), tensor(new long[] { 0 }));
        Assert.Equal(1.5f, loss.item<float>(), 5);
    }

    [Fact]
    public void UntargetedLabelOnTopUsesTheSecondLogit()
    {
        // y = 1 is the top class: -(4 - 3) / (4 - 2) = -0.5
        using var loss = DlrLoss.Untargeted(Logits(), tensor(new long[] { 1 }));
        Assert.Equal(-0.5f, loss.item<float>(), 5);
    }

    [Fact]
    public void TargetedDividesByTopMinusMeanOfThirdAndFourth()
    {
        // y = 1, t = 3: -(4 - 3) / (4 - (2 + 1) / 2) = -1 / 2.5 = -0.4
        using var loss = DlrLoss.Targeted(Logits(), tensor(new long[] { 1 }), tensor(new long[] { 3 }));
        Assert.Equal(-0.4f, loss.item<float>(), 5);
    }

    [Fact]
    public void BothAreInvariantToShiftingAndScalingTheLogits()
    {
        var logits = randn(8, 10, generator: new TorchSharp.torch.Generator(3));
        var labels = randint(0, 10, new long[] { 8 }, generator: new TorchSharp.torch.Generator(4));
        var targets = (labels + 1) % 10;
        var scaled = logits * 7.5 + 3;
        Assert.True(DlrLoss.Untargeted(logits, labels).allclose(DlrLoss.Untargeted(scaled, labels), 1e-4, 1e-5));
        Assert.True(
            DlrLoss.Targeted(logits, labels, targets).allclose(DlrLoss.Targeted(scaled, labels, targets), 1e-4, 1e-5));
    }
}
