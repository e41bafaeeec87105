using RobustGrid.Adversarial.Norms;

namespace RobustGrid.Adversarial.Pgd;

/// <summary>
/// Projected gradient descent on the cross-entropy (Madry et al. 2018). The step is sign(gradient) for L-inf and the
/// L2-normalised gradient for L2.
/// </summary>
/// <param name="RandomStart">Start from a uniform point in the ball (L-inf) or a random direction at a uniform
/// radius (L2) instead of the clean image.</param>
/// <param name="Restarts">Independent runs; each later run attacks only the points no earlier run fooled.</param>
public sealed record PgdOptions(
    LpNorm Norm,
    double Epsilon,
    int Steps,
    double StepSize,
    bool RandomStart = true,
    int Restarts = 1,
    ulong Seed = 0)
{
    /// <summary>IPMix / PixMix `cifar.py`: L-inf, eps 2/255, 20 steps of 0.5/255, uniform random start.</summary>
    public static PgdOptions IpMix(ulong seed = 0) => new(LpNorm.Linf, 2.0 / 255, 20, 0.5 / 255, true, 1, seed);

    /// <summary>
    /// A common L-inf 8/255 PGD-20: 20 steps of 2/255 with a random start, so the walk can cross the ball 5 times.
    /// TRADES' PGD-20 takes steps of 0.003 (≈ 0.77/255) instead.
    /// </summary>
    public static PgdOptions Linf8(ulong seed = 0) => new(LpNorm.Linf, 8.0 / 255, 20, 2.0 / 255, true, 1, seed);
}
