namespace RobustGrid.Training.Interop;

/// <summary>The two files PyTorch state dicts come in.</summary>
public enum WeightsFormat
{
    /// <summary><c>safetensors.torch.save_file</c>.</summary>
    Safetensors,

    /// <summary><c>torch.save</c>: a zip archive around a pickle (PyTorch 1.6 and later).</summary>
    Pickle,
}

public static class WeightsFormats
{
    public const string SafetensorsName = "safetensors";
    public const string PickleName = "pt";

    public static IReadOnlyList<string> Names { get; } = [SafetensorsName, PickleName];

    public static WeightsFormat Parse(string name) => name switch
    {
        SafetensorsName => WeightsFormat.Safetensors,
        PickleName or "pth" => WeightsFormat.Pickle,
        _ => throw new ArgumentException($"unknown weights format '{name}'; known: {string.Join(", ", Names)}"),
    };

    public static string NameOf(WeightsFormat format) =>
        format == WeightsFormat.Safetensors ? SafetensorsName : PickleName;

    /// <summary>
    /// The format by content, not by name: <c>.pt</c>, <c>.pth</c> and <c>.bin</c> all hold pickles, and a renamed
    /// file still loads. torch.save has written zip archives since PyTorch 1.6; safetensors starts with its JSON
    /// header's length, then the header.
    /// </summary>
    public static WeightsFormat Detect(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"weights file not found: {path}", path);
        Span<byte> head = stackalloc byte[9];
        long length;
        using (var file = File.OpenRead(path))
        {
            length = file.Length;
            if (file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length)
                throw new InvalidDataException($"{path}: too short to hold weights");
        }
        if (head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4) return WeightsFormat.Pickle;
        var headerLength = BitConverter.ToUInt64(head[..8]);
        if (head[8] == (byte)'{' && headerLength <= (ulong)length - 8) return WeightsFormat.Safetensors;
        // A bare pickle starts with the PROTO opcode: what torch.save wrote before PyTorch 1.6.
        throw new InvalidDataException(head[0] == 0x80
            ? $"{path}: saved by torch.save before PyTorch 1.6; load it in PyTorch and save it again with " +
                "torch.save(model.state_dict(), path), or as safetensors"
            : $"{path}: neither safetensors nor a torch.save archive");
    }
}
