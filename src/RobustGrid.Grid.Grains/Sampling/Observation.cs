namespace RobustGrid.Grid.Grains.Sampling;

/// <summary>A finished configuration and its objective (mean over finished seeds), already oriented: lower is
/// better.</summary>
/// <param name="Budget">Epochs behind the loss: a rung's epoch, or <see cref="FullBudget"/> for a finished trial's
/// result.</param>
/// <param name="ConfigIndex">The configuration's number in its sweep; -1 for one taken from an earlier
/// sweep.</param>
/// <param name="Losses">Every objective of a multi-objective sweep, oriented like <paramref name="Loss"/> (the first
/// is the primary one); null for one objective.</param>
internal sealed record Observation(IReadOnlyDictionary<string, string> Config, double Loss,
    int Budget = Observation.FullBudget, int ConfigIndex = -1, IReadOnlyList<double>? Losses = null)
{
    public const int FullBudget = int.MaxValue;
}
