using RobustGrid.Adversarial.Norms;

namespace RobustGrid.Adversarial.Square;

/// <summary>
/// Square Attack (Andriushchenko et al. 2020), a score-based black-box attack on the margin loss; parameters of
/// fra31/auto-attack `square.py` as AutoAttack sets them.
/// </summary>
/// <param name="Queries">Iterations, one model query each per image still correct (the standard version: 5000).</param>
/// <param name="PInit">Fraction of the image the first squares cover; it shrinks on the schedule in
/// <see cref="SquareSchedule"/>.</param>
/// <param name="RescaleSchedule">Stretch the schedule, written for 10,000 queries, to <c>Queries</c>. AutoAttack
/// turns it off, so 5,000 queries run the first half of the schedule.</param>
public sealed record SquareOptions(
    LpNorm Norm,
    double Epsilon,
    int Queries = 5000,
    double PInit = 0.8,
    int Restarts = 1,
    bool RescaleSchedule = false,
    ulong Seed = 0);
