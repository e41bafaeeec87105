using RobustGrid.Adversarial.Apgd;
using RobustGrid.Adversarial.Fab;
using RobustGrid.Adversarial.Norms;
using RobustGrid.Adversarial.Square;

namespace RobustGrid.Adversarial.Evaluation;

/// <summary>
/// AutoAttack's 'standard' version (autoattack.py set_version('standard')) for L-inf and L2: APGD-CE (100
/// iterations, 1 restart), APGD-T (9 targets, 100 iterations, 1 restart), FAB-T (9 targets, 100 iterations,
/// 1 restart), Square (5,000 queries, p_init 0.8, no schedule rescaling), each attack seeded with the same seed as
/// in the reference.
/// </summary>
public static class AutoAttackStandard
{
    public static ApgdOptions ApgdCe(LpNorm norm, double eps, ulong seed = 0) =>
        new(norm, eps, ApgdLoss.CrossEntropy, Iterations: 100, Restarts: 1, Rho: 0.75, Seed: seed);

    public static ApgdOptions ApgdT(LpNorm norm, double eps, ulong seed = 0) =>
        new(norm, eps, ApgdLoss.TargetedDlr, Iterations: 100, Restarts: 1, Rho: 0.75, TargetClasses: 9, Seed: seed);

    public static FabOptions FabT(LpNorm norm, double eps, ulong seed = 0) =>
        new(norm, eps, Iterations: 100, Restarts: 1, TargetClasses: 9, AlphaMax: 0.1, Eta: 1.05, Beta: 0.9, Seed: seed);

    public static SquareOptions Square(LpNorm norm, double eps, ulong seed = 0) =>
        new(norm, eps, Queries: 5000, PInit: 0.8, Restarts: 1, RescaleSchedule: false, Seed: seed);

    /// <summary>The four attacks, named e.g. <c>autoattack-linf-8/255</c>.</summary>
    public static AttackSuite Create(LpNorm norm, double eps, string epsilonLabel, ulong seed = 0) =>
        new($"autoattack-{NormLabel(norm)}-{epsilonLabel}", norm, eps,
        [
            new ApgdAttack(ApgdCe(norm, eps, seed)),
            new ApgdTargetedAttack(ApgdT(norm, eps, seed)),
            new FabTargetedAttack(FabT(norm, eps, seed)),
            new SquareAttack(Square(norm, eps, seed)),
        ]);

    /// <summary>The two gradient attacks only, under their own name, e.g. <c>apgd-ce+apgd-t-linf-8/255</c>.</summary>
    public static AttackSuite ApgdCeAndApgdT(LpNorm norm, double eps, string epsilonLabel, ulong seed = 0) =>
        new($"apgd-ce+apgd-t-{NormLabel(norm)}-{epsilonLabel}", norm, eps,
        [
            new ApgdAttack(ApgdCe(norm, eps, seed)),
            new ApgdTargetedAttack(ApgdT(norm, eps, seed)),
        ]);

    public static string NormLabel(LpNorm norm) => norm == LpNorm.Linf ? "linf" : "l2";
}
