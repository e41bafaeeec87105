using RobustGrid.Training.Optimization;
using static TorchSharp.torch;

namespace RobustGrid.Training.Checkpoints;

/// <summary>A checkpoint file read whole and verified, ready to load without reading it again.</summary>
public sealed class VerifiedCheckpoint
{
    private readonly byte[] _model;
    private readonly byte[] _optimizer;

    internal VerifiedCheckpoint(string path, CheckpointMetadata metadata, byte[] model, byte[] optimizer)
    {
        Path = path;
        Metadata = metadata;
        _model = model;
        _optimizer = optimizer;
    }

    public string Path { get; }

    public CheckpointMetadata Metadata { get; }

    /// <summary>Loads the tensors into an existing model (and optimizer) built for the same architecture.</summary>
    public void LoadInto(nn.Module model, ISgdOptimizer? optimizer)
    {
        using (var reader = new BinaryReader(new MemoryStream(_model)))
            model.load(reader, strict: true);
        if (optimizer is null || _optimizer.Length == 0) return;
        using var optimizerReader = new BinaryReader(new MemoryStream(_optimizer));
        optimizer.LoadState(optimizerReader);
    }
}
