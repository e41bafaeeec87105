using RobustGrid.Methods.Consistency;
using static TorchSharp.torch;

namespace RobustGrid.Methods.Tests;

public sealed class JensenShannonTests
{
    [Fact]
    public void IsZeroForIdenticalViews()
    {
        var logits = randn(6, 10);
        Assert.True(Math.Abs(JensenShannon.Divergence(logits, logits, logits).item<float>()) < 1e-6);
    }

    [Fact]
    public void EqualsTheHandComputedBatchMeanValue()
    {
        // p_clean = (0.5, 0.5), p1 = (0.8, 0.2), p2 = (0.2, 0.8): M = (0.5, 0.5);
        // KL(p1||M) = KL(p2||M) = 0.8 ln 1.6 + 0.2 ln 0.4; JS = 2·KL / 3. Two identical rows: the batch mean equals one
        // row.
        var clean = tensor(new[] { 0.5f, 0.5f, 0.5f, 0.5f }).reshape(2, 2).log();
        var aug1 = tensor(new[] { 0.8f, 0.2f, 0.8f, 0.2f }).reshape(2, 2).log();
        var aug2 = tensor(new[] { 0.2f, 0.8f, 0.2f, 0.8f }).reshape(2, 2).log();
        var kl = 0.8 * Math.Log(1.6) + 0.2 * Math.Log(0.4);
        Assert.Equal(2 * kl / 3, JensenShannon.Divergence(clean, aug1, aug2).item<float>(), 5);
    }
}
