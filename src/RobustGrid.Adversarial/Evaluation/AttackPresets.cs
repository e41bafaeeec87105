using RobustGrid.Catalog;
using RobustGrid.Adversarial.Norms;
using RobustGrid.Adversarial.Pgd;

namespace RobustGrid.Adversarial.Evaluation;

/// <summary>The suites of the catalog's attack names (<see cref="AttackNames"/>), by leaderboard column name.</summary>
public static class AttackPresets
{
    public const string Pgd2 = AttackNames.Pgd2;
    public const string Pgd8 = AttackNames.Pgd8;
    public const string AutoAttackLinf8 = AttackNames.AutoAttackLinf8;
    public const string AutoAttackL2 = AttackNames.AutoAttackL2;
    public const string ApgdCeApgdTLinf8 = AttackNames.ApgdCeApgdTLinf8;

    public static IReadOnlyList<string> Names => AttackNames.Names;

    public static AttackSuite Create(string name, ulong seed = 0) => name switch
    {
        Pgd2 => Pgd(Pgd2, PgdOptions.IpMix(seed)),
        Pgd8 => Pgd(Pgd8, PgdOptions.Linf8(seed)),
        AutoAttackLinf8 => AutoAttackStandard.Create(LpNorm.Linf, 8.0 / 255, "8/255", seed),
        AutoAttackL2 => AutoAttackStandard.Create(LpNorm.L2, 0.5, "0.5", seed),
        ApgdCeApgdTLinf8 => AutoAttackStandard.ApgdCeAndApgdT(LpNorm.Linf, 8.0 / 255, "8/255", seed),
        _ => throw new ArgumentException($"unknown attack suite '{name}'; known: {string.Join(", ", Names)}",
            nameof(name)),
    };

    private static AttackSuite Pgd(string name, PgdOptions options) =>
        new(name, options.Norm, options.Epsilon, [new PgdAttack(options)]);
}
