using RobustGrid.Training.Stages;
using static TorchSharp.torch;

namespace RobustGrid.NaTra;

/// <summary>
/// The training set's latent codes, computed once (stage 2) and looked up by image content during training. The
/// trainer hands a method uint8 images, not dataset indices, so each image is keyed by a 64-bit FNV-1a hash of its
/// bytes; identical images share a code, which is what they should have anyway.
/// </summary>
internal sealed class LatentCodeBank : IDisposable
{
    public const string FileName = "stage2-codes.bin";
    private readonly Dictionary<ulong, long> _rowByKey;

    public LatentCodeBank(Tensor codes, ulong[] keys)
    {
        Codes = codes;
        Keys = keys;
        _rowByKey = new Dictionary<ulong, long>(keys.Length);
        for (var i = 0; i < keys.Length; i++) _rowByKey.TryAdd(keys[i], i);
    }

    public Tensor Codes { get; }
    public ulong[] Keys { get; }
    public int Count => Keys.Length;

    /// <summary>Row of each image in <see cref="Codes"/>, or -1 when the image is not in the bank.</summary>
    public long[] Rows(Tensor byteImages)
    {
        var keys = KeysOf(byteImages);
        return keys.Select(k => _rowByKey.TryGetValue(k, out var row) ? row : -1).ToArray();
    }

    public static ulong[] KeysOf(Tensor byteImages)
    {
        var count = (int)byteImages.shape[0];
        var length = (int)(byteImages.numel() / Math.Max(count, 1));
        var bytes = byteImages.cpu().contiguous().data<byte>().ToArray();
        var keys = new ulong[count];
        for (var i = 0; i < count; i++) keys[i] = Fnv1a(bytes.AsSpan(i * length, length));
        return keys;
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in data)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    public void Save(string stageDirectory)
    {
        var path = Path.Combine(stageDirectory, FileName);
        TensorFile.SaveWithShapes(path, new Dictionary<string, Tensor> { ["codes"] = Codes.cpu() });
        using var writer = new BinaryWriter(File.Create(path + ".keys"));
        writer.Write(Keys.Length);
        foreach (var key in Keys) writer.Write(key);
    }

    public static bool Exists(string stageDirectory) => File.Exists(Path.Combine(stageDirectory, FileName) + ".keys");

    public static LatentCodeBank Load(string stageDirectory, Device device)
    {
        var path = Path.Combine(stageDirectory, FileName);
        var codes = TensorFile.LoadWithShapes(path, ScalarType.Float32, device)["codes"];
        using var reader = new BinaryReader(File.OpenRead(path + ".keys"));
        var keys = new ulong[reader.ReadInt32()];
        for (var i = 0; i < keys.Length; i++) keys[i] = reader.ReadUInt64();
        return new LatentCodeBank(codes, keys);
    }

    public void Dispose() => Codes.Dispose();
}
