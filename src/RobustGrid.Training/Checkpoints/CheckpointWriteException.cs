namespace RobustGrid.Training.Checkpoints;

/// <summary>
/// A checkpoint that could not be written (a full disk, a lost mount). Nothing was replaced: the checkpoint that was
/// there before is still whole.
/// </summary>
public sealed class CheckpointWriteException(string path, string problem, Exception inner)
    : IOException($"could not write checkpoint {path}: {problem}; the checkpoint written before it is kept", inner);
