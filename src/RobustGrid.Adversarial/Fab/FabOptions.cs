using RobustGrid.Adversarial.Norms;

namespace RobustGrid.Adversarial.Fab;

/// <summary>
/// Targeted Fast Adaptive Boundary attack (Croce and Hein 2020), parameters of fra31/auto-attack `fab_base.py`.
/// </summary>
/// <param name="Epsilon">A point counts as fooled only when its minimal adversarial perturbation found is within
/// epsilon (FAB minimises the norm; epsilon also scales the random start of restarts after the first).</param>
/// <param name="AlphaMax">Largest weight of the step from the clean image (the biased "backward" step).</param>
/// <param name="Eta">Overshoot of the projection onto the linearised boundary.</param>
/// <param name="Beta">After each success, the iterate moves back to the clean image by this factor.</param>
public sealed record FabOptions(
    LpNorm Norm,
    double Epsilon,
    int Iterations = 100,
    int Restarts = 1,
    int TargetClasses = 9,
    double AlphaMax = 0.1,
    double Eta = 1.05,
    double Beta = 0.9,
    ulong Seed = 0);
