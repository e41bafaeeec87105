using RobustGrid.Adversarial.Square;

namespace RobustGrid.Adversarial.Tests.Square;

public sealed class SquareScheduleTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(50, 2)]
    [InlineData(51, 4)]
    [InlineData(201, 8)]
    [InlineData(501, 16)]
    [InlineData(1001, 32)]
    [InlineData(2001, 64)]
    [InlineData(4001, 128)]
    [InlineData(4999, 128)]
    public void PHalvesAtTheReferenceIterations(int iteration, int divisor)
    {
        Assert.Equal(0.8 / divisor, SquareSchedule.P(iteration, 0.8, 5000, rescale: false), 12);
    }

    [Fact]
    public void RescalingMapsThe10000QueryScheduleOntoTheBudget()
    {
        // Iteration 1001 of 5000 is iteration 2002 of the 10,000-query schedule.
        Assert.Equal(0.8 / 64, SquareSchedule.P(1001, 0.8, 5000, rescale: true), 12);
    }

    [Fact]
    public void SideRoundsSqrtOfPTimesPixelsWithinTheImage()
    {
        Assert.Equal(25, SquareSchedule.Side(0.8, 28, 28, minimum: 1, odd: false)); // sqrt(627.2) = 25.04
        Assert.Equal(28, SquareSchedule.Side(1.0, 28, 28, minimum: 1, odd: false));
        Assert.Equal(1, SquareSchedule.Side(0.8 / 512, 28, 28, minimum: 1, odd: false));
        Assert.Equal(3, SquareSchedule.Side(0.8 / 512, 28, 28, minimum: 3, odd: true));
        Assert.Equal(13, SquareSchedule.Side(0.2, 28, 28, minimum: 3, odd: true)); // 12.5 rounds to 12, made odd
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(11)]
    public void L2WindowHasUnitNormAndOppositeHalves(int side)
    {
        var eta = SquareL2Window.Eta(side, transpose: false);
        Assert.Equal(1.0, Math.Sqrt(eta.Sum(v => (double)v * v)), 5);
        var top = eta.Take(side / 2 * side);
        var bottom = eta.Skip(side / 2 * side);
        Assert.All(top, v => Assert.True(v > 0));
        Assert.All(bottom, v => Assert.True(v < 0));
        var transposed = SquareL2Window.Eta(side, transpose: true);
        Assert.Equal(eta[1 * side + 0], transposed[0 * side + 1]);
    }
}
