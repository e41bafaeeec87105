namespace RobustGrid.Evaluation.Perturbations;

/// <summary>One perturbation's stability: flip probability and top-5 distance, each averaged over sequences.</summary>
public sealed record PerturbationScore(string Name, double FlipProbability, double TopFiveDistance);

/// <summary>A classifier's CIFAR-10-P result: per perturbation, and the means over them (mFP, mT5D).</summary>
public sealed record PerturbationReport(string Model, int Sequences, IReadOnlyList<PerturbationScore> Perturbations)
{
    public double MeanFlipProbability => Perturbations.Average(p => p.FlipProbability);
    public double MeanTopFiveDistance => Perturbations.Average(p => p.TopFiveDistance);
}
