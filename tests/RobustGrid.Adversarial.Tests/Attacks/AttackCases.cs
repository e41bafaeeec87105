using RobustGrid.Adversarial.Apgd;
using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Fab;
using RobustGrid.Adversarial.Norms;
using RobustGrid.Adversarial.Pgd;
using RobustGrid.Adversarial.Square;

namespace RobustGrid.Adversarial.Tests.Attacks;

/// <summary>
/// Every attack in both norms with reduced iterations: the invariant tests are about the ball, the pixel range,
/// monotonicity and seeding, which do not need the full budgets (one test runs the full standard AutoAttack).
/// L-inf uses 8/255; L2 uses 1.0, since 28x28 Fashion-MNIST images have fewer pixels than CIFAR's 0.5 is meant for.
/// </summary>
public static class AttackCases
{
    public const double LinfEpsilon = 8.0 / 255;
    public const double L2Epsilon = 1.0;

    private static readonly Dictionary<string, Func<double, ulong, IAdversarialAttack>> Factories = new()
    {
        ["pgd-linf"] = (eps, seed) => new PgdAttack(new PgdOptions(LpNorm.Linf, eps, 10, eps / 4, true, 1, seed)),
        ["pgd-l2"] = (eps, seed) => new PgdAttack(new PgdOptions(LpNorm.L2, eps, 10, eps / 4, true, 2, seed)),
        ["apgd-ce-linf"] = (eps, seed) =>
            new ApgdAttack(new ApgdOptions(LpNorm.Linf, eps, ApgdLoss.CrossEntropy, Iterations: 20, Seed: seed)),
        ["apgd-ce-l2"] = (eps, seed) =>
            new ApgdAttack(new ApgdOptions(LpNorm.L2, eps, ApgdLoss.CrossEntropy, Iterations: 20, Seed: seed)),
        ["apgd-dlr-linf"] = (eps, seed) =>
            new ApgdAttack(new ApgdOptions(LpNorm.Linf, eps, ApgdLoss.Dlr, Iterations: 20, Restarts: 2, Seed: seed)),
        ["apgd-t-linf"] = (eps, seed) =>
            new ApgdTargetedAttack(new ApgdOptions(LpNorm.Linf, eps, Iterations: 10, TargetClasses: 3, Seed: seed)),
        ["apgd-t-l2"] = (eps, seed) =>
            new ApgdTargetedAttack(new ApgdOptions(LpNorm.L2, eps, Iterations: 10, TargetClasses: 3, Seed: seed)),
        ["fab-t-linf"] = (eps, seed) => new FabTargetedAttack(
            new FabOptions(LpNorm.Linf, eps, Iterations: 6, Restarts: 2, TargetClasses: 2, Seed: seed)),
        ["fab-t-l2"] = (eps, seed) =>
            new FabTargetedAttack(new FabOptions(LpNorm.L2, eps, Iterations: 6, TargetClasses: 2, Seed: seed)),
        ["square-linf"] = (eps, seed) => new SquareAttack(new SquareOptions(LpNorm.Linf, eps, Queries: 60, Seed: seed)),
        ["square-l2"] = (eps, seed) => new SquareAttack(new SquareOptions(LpNorm.L2, eps, Queries: 60, Seed: seed)),
    };

    public static IEnumerable<object[]> Names => Factories.Keys.Select(name => new object[] { name });

    /// <summary>Attacks whose result depends on the seed (random start or random search) with their default
    /// settings.</summary>
    public static IEnumerable<object[]> Randomised =>
        new[] { "pgd-linf", "pgd-l2", "apgd-ce-linf", "apgd-t-l2", "square-linf", "square-l2" }.Select(
            n => new object[] { n });

    public static LpNorm NormOf(string name) => name.EndsWith("-l2", StringComparison.Ordinal) ? LpNorm.L2
        : LpNorm.Linf;

    public static IAdversarialAttack Create(string name, ulong seed = 0, double? epsilon = null) =>
        Factories[name](epsilon ?? (NormOf(name) == LpNorm.Linf ? LinfEpsilon : L2Epsilon), seed);

    public static AttackSuite Suite(string name, ulong seed = 0, double? epsilon = null)
    {
        var attack = Create(name, seed, epsilon);
        return new AttackSuite(name, attack.Norm, attack.Epsilon, [attack]);
    }
}
