using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Weather;

/// <summary>
/// clip(a·x + b·crop) in pixel units, where crop is a random image-sized window of a random frost texture, resized by
/// the table's factor (0.2 for CIFAR, 0.3 for Tiny-ImageNet, none for ImageNet) first (one of five,
/// uniformly; the window's top-left row and column uniform over the valid range, as np.random.randint does).
/// Textures load on first use, so naming a missing folder fails only when frost is actually generated.
/// </summary>
public sealed class Frost(CorruptionTable table, string? textureFolder = null) : ICorruption
{
    private readonly (double Image, double Frost)[] _parameters = table.Frost;
    private readonly Lazy<FrostTextures> _textures = new(() => FrostTextures.Load(textureFolder, table.FrostScale));

    public string Name => "frost";
    public CorruptionFamily Family => CorruptionFamily.Weather;
    public bool IsBenchmark => true;
    public bool IsRandom => true;

    public FrostTextures Textures => _textures.Value;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var (a, b) = Severity.Pick(_parameters, severity);
        var set = _textures.Value;
        using var scope = NewDisposeScope();
        var (n, h, w) = (images.shape[0], images.shape[2], images.shape[3]);
        var device = images.device;
        var stacked = set.Stacked(device);
        var (hMax, wMax) = (stacked.shape[2], stacked.shape[3]);
        if (set.Sizes.Any(s => s.Height <= h || s.Width <= w))
            throw new ArgumentException($"frost textures at scale {set.Scale} are smaller than {h}x{w} images");
        var heights = tensor(set.Sizes.Select(s => (long)s.Height).ToArray(), device: device);
        var widths = tensor(set.Sizes.Select(s => (long)s.Width).ToArray(), device: device);

        var which = randint(0, set.Sizes.Count, [n], ScalarType.Int64, device, generator: generator);
        var rowSpan = (heights.index_select(0, which) - h).to_type(ScalarType.Float64);
        var colSpan = (widths.index_select(0, which) - w).to_type(ScalarType.Float64);
        var top = (rand([n], ScalarType.Float64, device, generator: generator) * rowSpan).floor()
            .to_type(ScalarType.Int64);
        var left = (rand([n], ScalarType.Float64, device, generator: generator) * colSpan).floor()
            .to_type(ScalarType.Int64);

        var channel = arange(3, dtype: ScalarType.Int64, device: device).reshape(1, 3, 1, 1);
        var row = arange(h, dtype: ScalarType.Int64, device: device).reshape(1, 1, h, 1);
        var col = arange(w, dtype: ScalarType.Int64, device: device).reshape(1, 1, 1, w);
        var plane = IndexMath.Plus(which.reshape(n, 1, 1, 1) * 3, channel);
        var rowIndex = IndexMath.Plus(plane * hMax, top.reshape(n, 1, 1, 1), row);
        var index = IndexMath.Plus(rowIndex * wMax, left.reshape(n, 1, 1, 1), col);
        var crops = stacked.take(index);
        var x = images.to_type(ScalarType.Float32);
        return (x * (float)a + crops * (float)b).clamp_(0, 255).div_(255).MoveToOuterDisposeScope();
    }
}
