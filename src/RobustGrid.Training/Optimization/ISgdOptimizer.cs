namespace RobustGrid.Training.Optimization;

/// <summary>
/// The SGD update a training steps with: what the trainer needs per step (learning rate, zero, step) and what the
/// checkpoint stores. Both implementations write torch.optim.SGD's state format, so a checkpoint written by one
/// resumes under the other.
/// </summary>
public interface ISgdOptimizer : IDisposable
{
    /// <summary>The rate the next <see cref="Step"/> uses (the trainer sets it from its schedule every step).</summary>
    double LearningRate { get; set; }

    /// <summary>Zeroes the gradients in place (never sets them to none, so accumulation buffers stay put).</summary>
    void ZeroGrad();

    void Step();

    void SaveState(BinaryWriter writer);

    void LoadState(BinaryReader reader);
}
