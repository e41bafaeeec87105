using RobustGrid.Training.Data;
using RobustGrid.Training.Models;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Checkpoints;

/// <summary>A model rebuilt from a checkpoint, in eval mode on the chosen device, with the normalisation it was trained
/// with.</summary>
public sealed class TrainedModel : IDisposable
{
    private TrainedModel(nn.Module<Tensor, Tensor> module, Normalization normalization, CheckpointMetadata metadata)
    {
        Module = module;
        Normalization = normalization;
        Metadata = metadata;
    }

    public nn.Module<Tensor, Tensor> Module { get; }
    public Normalization Normalization { get; }
    public CheckpointMetadata Metadata { get; }

    /// <param name="methods">Builds the checkpoint's method, which may change the model's structure (imported
    /// weights have the plain architecture).</param>
    public static TrainedModel Load(string checkpointPath, MethodFactory methods, Device device)
    {
        var metadata = CheckpointFile.ReadMetadata(checkpointPath);
        var module = SeededConstruction.Unseeded(() =>
        {
            var architecture =
                ModelFactory.Create(metadata.ModelName, metadata.InputChannels, metadata.Classes, metadata.ImageSize);
            return metadata.Imported is not null ? architecture
                : methods(metadata.Config.Method, metadata.Config.MethodParameters).PrepareModel(architecture);
        });
        CheckpointFile.Load(checkpointPath, module, optimizer: null);
        module.to(device);
        module.eval();
        return new TrainedModel(module, new Normalization(metadata.NormalizationMean, metadata.NormalizationStd),
            metadata);
    }

    /// <summary>Logits for uint8 N×C×H×W images (no gradient bookkeeping is done here; callers choose).</summary>
    public Tensor Logits(Tensor byteImages) => Module.call(Normalization.FromBytes(byteImages));

    public void Dispose() => Module.Dispose();
}
