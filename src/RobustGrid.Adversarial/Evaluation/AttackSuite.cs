using RobustGrid.Adversarial.Norms;

namespace RobustGrid.Adversarial.Evaluation;

/// <summary>
/// Attacks run in sequence, each on the points still classified correctly after the previous ones; the name is the
/// leaderboard column. A name starting with "autoattack" is reserved for the four attacks of the standard version
/// (APGD-CE, APGD-T, FAB-T, Square, in that order), so a cheaper subset cannot be reported as AutoAttack.
/// </summary>
public sealed class AttackSuite
{
    public static readonly IReadOnlyList<string> AutoAttackSequence = ["apgd-ce", "apgd-t", "fab-t", "square"];

    public AttackSuite(string name, LpNorm norm, double epsilon, IReadOnlyList<IAdversarialAttack> attacks)
    {
        if (attacks.Count == 0) throw new ArgumentException("a suite needs at least one attack", nameof(attacks));
        foreach (var attack in attacks)
        {
            if (attack.Norm != norm || Math.Abs(attack.Epsilon - epsilon) > 1e-12)
                throw new ArgumentException(
                    $"attack {attack.Name} is {attack.Norm} eps {attack.Epsilon}, the suite {norm} eps {epsilon}");
        }
        if (name.StartsWith("autoattack", StringComparison.OrdinalIgnoreCase)
            && !attacks.Select(a => a.Name).SequenceEqual(AutoAttackSequence))
        {
            throw new ArgumentException(
                $"'{name}' runs {string.Join(", ", attacks.Select(a => a.Name))}; only the full sequence "
                + $"{string.Join(", ", AutoAttackSequence)} may be called AutoAttack", nameof(name));
        }
        Name = name;
        Norm = norm;
        Epsilon = epsilon;
        Attacks = attacks;
    }

    public string Name { get; }

    public LpNorm Norm { get; }

    public double Epsilon { get; }

    public IReadOnlyList<IAdversarialAttack> Attacks { get; }
}
