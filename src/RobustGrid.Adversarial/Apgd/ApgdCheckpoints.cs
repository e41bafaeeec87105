namespace RobustGrid.Adversarial.Apgd;

/// <summary>
/// Where APGD checks whether to halve its step size. The first window is 22% of the iterations; every later window
/// is 3% shorter, down to 6% (the reference's n_iter_2, size_decr and n_iter_min, each at least one iteration).
/// </summary>
public static class ApgdCheckpoints
{
    public static int FirstWindow(int iterations) => Math.Max((int)(0.22 * iterations), 1);

    public static int WindowDecrement(int iterations) => Math.Max((int)(0.03 * iterations), 1);

    public static int MinimumWindow(int iterations) => Math.Max((int)(0.06 * iterations), 1);

    /// <summary>The 0-based iterations after which a checkpoint runs; for 100 iterations 21, 40, 56, 69, 79, 86, 92,
    /// 98.</summary>
    public static IReadOnlyList<int> Iterations(int iterations)
    {
        var checkpoints = new List<int>();
        var window = FirstWindow(iterations);
        var sinceCheck = 0;
        for (var i = 0; i < iterations; i++)
        {
            if (++sinceCheck < window) continue;
            checkpoints.Add(i);
            sinceCheck = 0;
            window = Math.Max(window - WindowDecrement(iterations), MinimumWindow(iterations));
        }
        return checkpoints;
    }
}
