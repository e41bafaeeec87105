using RobustGrid.Adversarial.Norms;

namespace RobustGrid.Adversarial.Apgd;

/// <summary>
/// Auto-PGD (Croce and Hein 2020), parameters as in fra31/auto-attack `autopgd_base.py`.
/// </summary>
/// <param name="Iterations">Gradient steps per run (the standard version: 100).</param>
/// <param name="Restarts">Runs per target (untargeted: runs); each later run attacks only the points still
/// correct.</param>
/// <param name="Rho">Oscillation threshold: the step size halves when the loss rose in at most rho of the steps
/// since the last checkpoint.</param>
/// <param name="TargetClasses">APGD-T only: how many of the highest-scoring other classes to target in turn.</param>
public sealed record ApgdOptions(
    LpNorm Norm,
    double Epsilon,
    ApgdLoss Loss = ApgdLoss.CrossEntropy,
    int Iterations = 100,
    int Restarts = 1,
    double Rho = 0.75,
    int TargetClasses = 9,
    ulong Seed = 0)
{
    /// <summary>Weight of the new step against the previous one (the reference's hard-coded alpha = 0.75).</summary>
    public const double Momentum = 0.75;

    /// <summary>The initial step size is 2 * epsilon for L-inf and L2.</summary>
    public const double InitialStepFactor = 2.0;
}
