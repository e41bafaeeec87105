using RobustGrid.Adversarial.Fab;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Tests.Fab;

public sealed class HyperplaneProjectionTests
{
    private const int Rows = 16;
    private const int Features = 50;

    /// <summary>Points in the middle of the box and hyperplanes close to them, so the box never binds.</summary>
    private static (Tensor T, Tensor W, Tensor B) InteriorProblem()
    {
        var generator = new TorchSharp.torch.Generator(7);
        var t = 0.4 + 0.2 * rand(new long[] { Rows, Features }, generator: generator);
        var w = randn(new long[] { Rows, Features }, generator: generator);
        var b = (w * t).sum(1) + 0.05 * randn(new long[] { Rows }, generator: generator);
        return (t, w, b);
    }

    [Fact]
    public void LinfMatchesTheClosedFormWhenTheBoxDoesNotBind()
    {
        using var scope = NewDisposeScope();
        var (t, w, b) = InteriorProblem();
        var d = HyperplaneProjection.Linf(t, w, b);
        // Smallest L-inf step onto w·z = b: every coordinate moves by |c| / ||w||_1 against sign(c w).
        var c = ((w * t).sum(1) - b).unsqueeze(1);
        var expected = -c / w.abs().sum(1, keepdim: true) * w.sign();
        Assert.True(d.allclose(expected, 1e-4, 1e-5), $"max difference {(d - expected).abs().max().item<float>()}");
    }

    [Fact]
    public void L2MatchesTheClosedFormWhenTheBoxDoesNotBind()
    {
        using var scope = NewDisposeScope();
        var (t, w, b) = InteriorProblem();
        var d = HyperplaneProjection.L2(t, w, b);
        var c = ((w * t).sum(1) - b).unsqueeze(1);
        var expected = -c / w.square().sum(1, keepdim: true) * w;
        Assert.True(d.allclose(expected, 1e-4, 1e-5), $"max difference {(d - expected).abs().max().item<float>()}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WithTheBoxBindingTheResultStaysInTheBoxAndReachesTheHyperplane(bool linf)
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(11);
        var t = rand(new long[] { Rows, Features }, generator: generator);
        var w = randn(new long[] { Rows, Features }, generator: generator);
        // Hyperplanes far enough to need large moves yet reachable inside [0, 1]: b between w·t and the box's extreme.
        var reachable = w.clamp_min(0).sum(1);
        var b = (w * t).sum(1) * 0.3 + reachable * 0.7;
        var d = linf ? HyperplaneProjection.Linf(t, w, b) : HyperplaneProjection.L2(t, w, b);
        var z = t + d;
        Assert.True(z.min().item<float>() >= -1e-5 && z.max().item<float>() <= 1 + 1e-5, "left the box");
        var residual = ((w * z).sum(1) - b).abs().max().item<float>();
        Assert.True(residual < 1e-3, $"w·z - b = {residual}");
    }
}
