using RobustGrid.Adversarial.Norms;
using RobustGrid.Adversarial.Pgd;

namespace RobustGrid.Adversarial.Evaluation;

/// <summary>The suites by leaderboard column name.</summary>
public static class AttackPresets
{
    public const string Pgd2 = "pgd-2/255";
    public const string Pgd8 = "pgd-8/255";
    public const string AutoAttackLinf8 = "autoattack-linf-8/255";
    public const string AutoAttackL2 = "autoattack-l2-0.5";
    public const string ApgdCeApgdTLinf8 = "apgd-ce+apgd-t-linf-8/255";

    public static readonly IReadOnlyList<string> Names = [Pgd2, Pgd8, AutoAttackLinf8, AutoAttackL2, ApgdCeApgdTLinf8];

    public static AttackSuite Create(string name, ulong seed = 0) => name switch
    {
        Pgd2 => Pgd(Pgd2, PgdOptions.IpMix(seed)),
        Pgd8 => Pgd(Pgd8, PgdOptions.Linf8(seed)),
        AutoAttackLinf8 => AutoAttackStandard.Create(LpNorm.Linf, 8.0 / 255, "8/255", seed),
        AutoAttackL2 => AutoAttackStandard.Create(LpNorm.L2, 0.5, "0.5", seed),
        ApgdCeApgdTLinf8 => AutoAttackStandard.ApgdCeAndApgdT(LpNorm.Linf, 8.0 / 255, "8/255", seed),
        _ => throw new ArgumentException($"unknown attack suite '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
    };

    private static AttackSuite Pgd(string name, PgdOptions options) =>
        new(name, options.Norm, options.Epsilon, [new PgdAttack(options)]);
}
