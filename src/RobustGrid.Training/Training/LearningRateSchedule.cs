namespace RobustGrid.Training.Training;

/// <summary>
/// Per-step schedule: linear warm-up, then cosine annealing from the base rate to the minimum; or, when
/// <see cref="StepEvery"/> is set, the base rate times <see cref="StepFactor"/> per completed block of steps
/// (AdvBN's x0.1 every 10 epochs).
/// </summary>
internal sealed record LearningRateSchedule(double BaseRate, double MinRate, long WarmupSteps, long TotalSteps,
    long StepEvery = 0, double StepFactor = 0.1)
{
    public double At(long step)
    {
        if (step < WarmupSteps) return BaseRate * (step + 1) / WarmupSteps;
        if (StepEvery > 0) return BaseRate * Math.Pow(StepFactor, step / StepEvery);
        var span = Math.Max(1, TotalSteps - WarmupSteps);
        var progress = Math.Min(1.0, (double)(step - WarmupSteps) / span);
        return MinRate + 0.5 * (BaseRate - MinRate) * (1 + Math.Cos(Math.PI * progress));
    }
}
