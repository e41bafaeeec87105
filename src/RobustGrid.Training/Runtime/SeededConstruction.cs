using TorchSharp;

namespace RobustGrid.Training.Runtime;

/// <summary>
/// libtorch has one default generator per process, and module constructors and <c>nn.init</c> draw from it. Runs that
/// share a process (a silo's trainer slots) would interleave their draws, so the weights a seed gives would depend on
/// timing. Seeding and building under one process-wide gate makes a run's initial weights depend on its seed alone.
/// Nothing may await inside <paramref name="build"/>: the gate is held by the calling thread.
/// </summary>
public static class SeededConstruction
{
    private static readonly Lock Gate = new();

    public static T Build<T>(long seed, Func<T> build)
    {
        lock (Gate)
        {
            torch.manual_seed(seed);
            return build();
        }
    }

    /// <summary>
    /// Builds a module whose drawn weights are overwritten (a checkpoint is loaded into it): its draws need no seed,
    /// but must not land in the middle of another run's seeded build.
    /// </summary>
    public static T Unseeded<T>(Func<T> build)
    {
        lock (Gate) return build();
    }
}
