using RobustGrid.Data.Files;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Stages;

/// <summary>Named tensors in one file (a stage's cached output: latent codes, directions), via a tiny module.</summary>
public static class TensorFile
{
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var holder = new Holder(tensors);
        AtomicFile.WriteTo(path, temporary => holder.save(temporary));
    }

    /// <summary>Loads the named tensors onto <paramref name="device"/>; the names and shapes must be known in
    /// advance.</summary>
    public static Dictionary<string, Tensor> Load(string path, IReadOnlyDictionary<string, long[]> shapes,
        ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        var placeholders = shapes.ToDictionary(s => s.Key, s => zeros(s.Value, dtype));
        // Placeholders are copied into the holder; it is the holder's buffers that receive the file's values.
        using var holder = new Holder(placeholders);
        holder.load(path, strict: true);
        return holder.buffers_dictionary()
            .ToDictionary(b => b.Key, b => b.Value.to(device).clone().MoveToOuterDisposeScope());
    }

    /// <summary>Reads the shapes without knowing them: a file stores them in a small side car.</summary>
    public static void SaveWithShapes(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var lines = tensors.Select(t => $"{t.Key} {string.Join(',', t.Value.shape)}").ToArray();
        Save(path, tensors);
        File.WriteAllLines(path + ".shapes", lines);
    }

    public static Dictionary<string, Tensor> LoadWithShapes(string path, ScalarType dtype, Device device)
    {
        var shapes = File.ReadAllLines(path + ".shapes")
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => p[1].Split(',').Select(long.Parse).ToArray());
        return Load(path, shapes, dtype, device);
    }

    private sealed class Holder : nn.Module
    {
        // The holder owns copies: disposing it (and its buffers) must not dispose the caller's tensors.
        public Holder(IReadOnlyDictionary<string, Tensor> tensors) : base(nameof(Holder))
        {
            foreach (var (name, value) in tensors) register_buffer(name, value.detach().cpu().clone());
        }

        public Dictionary<string, Tensor> buffers_dictionary() =>
            named_buffers().ToDictionary(b => b.name, b => b.buffer);
    }
}
