using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Interop;

/// <summary>
/// Copies a state dict into a module as PyTorch's <c>load_state_dict(strict=True)</c> does, but checks every
/// tensor first, so a file that does not fit changes nothing. Like PyTorch, it accepts files without batch norms'
/// <c>num_batches_tracked</c> (saved before PyTorch 0.4.1; the module keeps its own count) and casts each tensor to
/// the module's dtype (fp16 or bf16 weights load into the fp32 model).
/// </summary>
public static class StrictStateLoader
{
    private const string BatchCounterSuffix = ".num_batches_tracked";

    public static void Load(nn.Module module, IReadOnlyDictionary<string, Tensor> source)
    {
        var target = module.state_dict();
        var missing = target.Keys
            .Where(k => !source.ContainsKey(k) && !k.EndsWith(BatchCounterSuffix, StringComparison.Ordinal)).ToList();
        var unexpected = source.Keys.Where(k => !target.ContainsKey(k)).ToList();
        var wrongShape = source
            .Where(p => target.TryGetValue(p.Key, out var t) && !t.shape.SequenceEqual(p.Value.shape))
            .Select(p => $"{p.Key} is {Shape(p.Value)} in the file, {Shape(target[p.Key])} in the model").ToList();
        if (missing.Count + unexpected.Count + wrongShape.Count > 0)
            throw new WeightsMismatchException(missing, unexpected, wrongShape);
        using var noGrad = no_grad();
        foreach (var (name, tensor) in target)
        {
            if (source.TryGetValue(name, out var value)) tensor.copy_(value);
        }
    }

    private static string Shape(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";
}
