namespace RobustGrid.Catalog;

/// <summary>Adversarial suites by leaderboard column name; each scores robust accuracy.</summary>
public static class AttackNames
{
    public const string Pgd2 = "pgd-2/255";
    public const string Pgd8 = "pgd-8/255";
    public const string AutoAttackLinf8 = "autoattack-linf-8/255";
    public const string AutoAttackL2 = "autoattack-l2-0.5";
    public const string ApgdCeApgdTLinf8 = "apgd-ce+apgd-t-linf-8/255";

    public static readonly IReadOnlyList<string> Names = [Pgd2, Pgd8, AutoAttackLinf8, AutoAttackL2, ApgdCeApgdTLinf8];
}
