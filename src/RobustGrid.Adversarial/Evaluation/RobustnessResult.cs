namespace RobustGrid.Adversarial.Evaluation;

/// <summary>
/// Robust accuracy of one classifier under one suite. <see cref="Suite"/> is the leaderboard column
/// (e.g. <c>autoattack-linf-8/255</c>).
/// </summary>
/// <param name="RobustAccuracy">Fraction of points correct under every attack of the suite.</param>
/// <param name="Stages">Robust accuracy after each attack, in order.</param>
/// <param name="Seconds">Wall time of the whole evaluation, clean pass included.</param>
/// <param name="MaxPerturbation">Largest norm of (adversarial - clean) over the returned images, in the suite's
/// norm.</param>
public sealed record RobustnessResult(
    string Suite,
    int Images,
    double CleanAccuracy,
    double RobustAccuracy,
    IReadOnlyList<AttackStageResult> Stages,
    double Seconds,
    double MaxPerturbation)
{
    /// <summary>Evaluated images (all of them, not only the attacked ones) per second of wall time.</summary>
    public double ImagesPerSecond => Seconds > 0 ? Images / Seconds : double.PositiveInfinity;
}
