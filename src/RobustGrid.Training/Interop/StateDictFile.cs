using System.Collections;
using System.Text.Json;
using RobustGrid.Data.Files;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace RobustGrid.Training.Interop;

/// <summary>
/// PyTorch state dicts on disk, read and written with TorchSharp.PyBridge. The one exception is writing
/// safetensors: PyBridge writes no <c>__metadata__</c>, and an exported file says what it holds
/// (<see cref="SafetensorsWriter"/>).
/// </summary>
public static class StateDictFile
{
    /// <summary>Common wrappers around a state dict: a training checkpoint's dict, DataParallel's prefix.</summary>
    private static readonly string[] WrapperKeys = ["state_dict", "model_state_dict", "model"];
    private const string DataParallelPrefix = "module.";

    /// <summary>Every tensor of the file by its state-dict name, on the CPU, in the file's dtypes.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        var format = WeightsFormats.Detect(path);
        try
        {
            return StripPrefix(format == WeightsFormat.Safetensors ? Safetensors.LoadStateDict(path) : Unpickle(path));
        }
        catch (Exception e) when (e is NotImplementedException or InvalidCastException or JsonException
            or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException(
                $"{path}: not a readable {WeightsFormats.NameOf(format)} state dict ({e.Message})", e);
        }
    }

    public static void Write(string path, WeightsFormat format, IReadOnlyDictionary<string, Tensor> state,
        IReadOnlyDictionary<string, string> metadata)
    {
        if (format == WeightsFormat.Safetensors)
        {
            SafetensorsWriter.Write(path, state.Select(p => (p.Key, p.Value)), metadata);
            return;
        }
        AtomicFile.WriteTo(path, temporary =>
        {
            using var scope = NewDisposeScope();
            var cpu = state.ToDictionary(p => p.Key, p => p.Value.detach().cpu().contiguous());
            PyTorchPickler.PickleStateDict(temporary, cpu);
        });
    }

    private static Dictionary<string, Tensor> Unpickle(string path)
    {
        Hashtable table;
        using (var stream = File.OpenRead(path)) table = PyTorchUnpickler.UnpickleStateDict(stream);
        var wrapped = WrapperKeys.Select(k => table[k]).OfType<Hashtable>().FirstOrDefault();
        if (wrapped is not null && !table.Values.OfType<Tensor>().Any()) table = wrapped;
        var tensors = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in table)
        {
            tensors[(string)entry.Key] = entry.Value as Tensor ?? throw new InvalidDataException(
                $"{path}: '{entry.Key}' is not a tensor; save the state dict: torch.save(model.state_dict(), path)");
        }
        return tensors;
    }

    private static Dictionary<string, Tensor> StripPrefix(Dictionary<string, Tensor> tensors) =>
        tensors.Count > 0 && tensors.Keys.All(k => k.StartsWith(DataParallelPrefix, StringComparison.Ordinal))
            ? tensors.ToDictionary(p => p.Key[DataParallelPrefix.Length..], p => p.Value)
            : tensors;
}
