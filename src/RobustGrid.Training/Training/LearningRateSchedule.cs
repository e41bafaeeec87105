namespace RobustGrid.Training.Training;

/// <summary>Per-step schedule: linear warm-up, then cosine annealing from the base rate to the minimum.</summary>
public sealed record LearningRateSchedule(double BaseRate, double MinRate, long WarmupSteps, long TotalSteps)
{
    public double At(long step)
    {
        if (step < WarmupSteps) return BaseRate * (step + 1) / WarmupSteps;
        var span = Math.Max(1, TotalSteps - WarmupSteps);
        var progress = Math.Min(1.0, (double)(step - WarmupSteps) / span);
        return MinRate + 0.5 * (BaseRate - MinRate) * (1 + Math.Cos(Math.PI * progress));
    }
}
