using System.Globalization;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Training;
using TorchSharp;

namespace RobustGrid.Training.Interop;

/// <summary>A checkpoint's weights as a PyTorch state dict, under the reference definitions' parameter names, so
/// <c>model.load_state_dict(..., strict=True)</c> takes them.</summary>
public static class CheckpointExport
{
    /// <summary>Writes the file (default: model.safetensors or model.pt beside the checkpoint) and returns its
    /// path.</summary>
    /// <param name="checkpoint">A checkpoint file or the run folder that holds one.</param>
    public static string Export(string checkpoint, WeightsFormat format, string? target, MethodFactory methods)
    {
        var checkpointPath = CheckpointFile.Resolve(checkpoint);
        using var model = TrainedModel.Load(checkpointPath, methods, torch.CPU);
        var path = Path.GetFullPath(target ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!,
            format == WeightsFormat.Safetensors ? "model.safetensors" : "model.pt"));
        StateDictFile.Write(path, format, model.Module.state_dict(), Describe(model));
        return path;
    }

    /// <summary>What the safetensors header says about the weights: what they are and how to feed them.</summary>
    public static IReadOnlyDictionary<string, string> Describe(TrainedModel model)
    {
        var metadata = model.Metadata;
        var described = new Dictionary<string, string>
        {
            ["model"] = metadata.ModelName,
            ["classes"] = metadata.Classes.ToString(CultureInfo.InvariantCulture),
            ["method"] = metadata.Config.Method,
            ["dataset"] = metadata.Config.Dataset,
            ["normalization_mean"] = Join(model.Normalization.Mean),
            ["normalization_std"] = Join(model.Normalization.Std),
        };
        if (metadata.Imported is { } imported) described["source_sha256"] = imported.Sha256;
        return described;
    }

    private static string Join(IEnumerable<double> values) =>
        string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
