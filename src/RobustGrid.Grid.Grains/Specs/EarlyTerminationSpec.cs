using RobustGrid.Grid.Grains.Scheduling;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>ASHA or Hyperband settings. Rungs are at MinIter * Eta^k epochs below MaxIter.</summary>
/// <param name="Metric">Per-epoch metric: test_accuracy, train_accuracy or train_loss.</param>
/// <param name="BracketLimit">Hyperband: the most brackets (W&amp;B's <c>s</c>); null: one per rung and one
/// more.</param>
public sealed record EarlyTerminationSpec(string Type, int MinIter, int Eta, int MaxIter, string Metric,
    bool LowerIsBetter, int? BracketLimit = null)
{
    public const string Asha = "asha";
    public const string Hyperband = "hyperband";

    public static readonly IReadOnlyList<string> Types = [Asha, Hyperband];

    public int[] Rungs()
    {
        var rungs = new List<int>();
        for (long r = MinIter; r < MaxIter; r *= Eta) rungs.Add((int)r);
        return [.. rungs];
    }

    public HyperbandBrackets Brackets() => new(Rungs().Length, Eta, BracketLimit);
}
