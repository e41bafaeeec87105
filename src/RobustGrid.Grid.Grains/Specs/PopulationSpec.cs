namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// Population-based training (<c>method: pbt</c>): <see cref="Population"/> members train side by side; every
/// <see cref="PerturbationInterval"/> epochs the members in the bottom <see cref="QuantileFraction"/> by
/// <see cref="Metric"/> continue from a top member's checkpoint with perturbed values. Each member's stretch of
/// <see cref="PerturbationInterval"/> epochs is one trial, so a sweep runs Population x Generations trials.
/// </summary>
/// <param name="Metric">Per-epoch metric the members are ranked by at the end of each interval.</param>
/// <param name="ResampleProbability">Chance that a perturbed value is drawn afresh from its distribution instead of
/// being moved (x0.8 or x1.2, or to a neighbouring choice).</param>
/// <param name="Epochs">Epochs every member trains in all.</param>
public sealed record PopulationSpec(int Population, int PerturbationInterval, string Metric, bool LowerIsBetter,
    double QuantileFraction, double ResampleProbability, int Epochs)
{
    public const double DefaultQuantileFraction = 0.25;
    public const double DefaultResampleProbability = 0.25;

    /// <summary>Intervals every member trains: the last one may be shorter.</summary>
    public int Generations => (Epochs + PerturbationInterval - 1) / PerturbationInterval;

    public int StartEpoch(int generation) => generation * PerturbationInterval;

    public int EndEpoch(int generation) => Math.Min(Epochs, (generation + 1) * PerturbationInterval);
}
