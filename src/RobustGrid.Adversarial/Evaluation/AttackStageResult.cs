namespace RobustGrid.Adversarial.Evaluation;

/// <summary>One attack of a suite.</summary>
/// <param name="Attacked">Points it ran on (those still correct before it).</param>
/// <param name="RobustAccuracy">Fraction of all points still correct after it.</param>
public sealed record AttackStageResult(string Attack, int Attacked, double RobustAccuracy, double Seconds);
