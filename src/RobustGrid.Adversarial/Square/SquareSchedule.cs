namespace RobustGrid.Adversarial.Square;

/// <summary>
/// Square's p schedule (`p_selection`): p_init halves at iterations 10, 50, 200, 500, 1000, 2000, 4000, 6000 and
/// 8000, so the squares shrink from a large share of the image to single pixels.
/// </summary>
public static class SquareSchedule
{
    private static readonly (int After, int Divisor)[] Steps =
        [(8000, 512), (6000, 256), (4000, 128), (2000, 64), (1000, 32), (500, 16), (200, 8), (50, 4), (10, 2)];

    public static double P(int iteration, double pInit, int queries, bool rescale)
    {
        var it = rescale ? (int)((double)iteration / queries * 10000) : iteration;
        foreach (var (after, divisor) in Steps)
        {
            if (it > after) return pInit / divisor;
        }
        return pInit;
    }

    /// <summary>Side of the square for p: round(sqrt(p * H * W)), at least <paramref name="minimum"/>, at most the
    /// image side.</summary>
    public static int Side(double p, int height, int width, int minimum, bool odd)
    {
        var side = Math.Max((int)Math.Round(Math.Sqrt(p * height * width), MidpointRounding.ToEven), minimum);
        if (odd && side % 2 == 0) side++;
        return Math.Min(side, Math.Min(height, width));
    }
}
