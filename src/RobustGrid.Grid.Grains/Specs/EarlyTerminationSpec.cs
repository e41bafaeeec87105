namespace RobustGrid.Grid.Grains.Specs;

/// <summary>ASHA settings. Rungs are at MinIter * Eta^k epochs below MaxIter.</summary>
/// <param name="Metric">Per-epoch metric: test_accuracy, train_accuracy or train_loss.</param>
public sealed record EarlyTerminationSpec(string Type, int MinIter, int Eta, int MaxIter, string Metric,
    bool LowerIsBetter)
{
    public int[] Rungs()
    {
        var rungs = new List<int>();
        for (long r = MinIter; r < MaxIter; r *= Eta) rungs.Add((int)r);
        return [.. rungs];
    }
}
