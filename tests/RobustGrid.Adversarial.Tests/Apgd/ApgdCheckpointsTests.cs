using RobustGrid.Adversarial.Apgd;

namespace RobustGrid.Adversarial.Tests.Apgd;

public sealed class ApgdCheckpointsTests
{
    [Fact]
    public void HundredIterationsCheckAfterWindowsOf2219161310766()
    {
        // The reference: n_iter_2 = 22, size_decr = 3, n_iter_min = 6; a checkpoint closes each window.
        var windows = new[] { 22, 19, 16, 13, 10, 7, 6, 6 };
        var expected = windows.Select((_, i) => windows.Take(i + 1).Sum() - 1).ToArray();
        Assert.Equal(expected, ApgdCheckpoints.Iterations(100));
    }

    [Fact]
    public void ShortRunsKeepWindowsOfAtLeastOneIteration()
    {
        Assert.Equal(Enumerable.Range(0, 3), ApgdCheckpoints.Iterations(3));
        Assert.Equal(1, ApgdCheckpoints.FirstWindow(4));
    }
}
