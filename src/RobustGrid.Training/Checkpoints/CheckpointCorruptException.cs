namespace RobustGrid.Training.Checkpoints;

/// <summary>A checkpoint that is truncated, altered or not a RobustGrid checkpoint.</summary>
public sealed class CheckpointCorruptException(string path, string problem)
    : Exception($"checkpoint {path} is unusable: {problem}")
{
    public string Path { get; } = path;

    public string Problem { get; } = problem;
}
