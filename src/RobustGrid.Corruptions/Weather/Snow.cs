using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Weather;

/// <summary>
/// A thresholded, zoomed N(loc, scale) snow layer, motion-blurred at an angle in (−135°, −45°) and quantised to 8 bits
/// (the reference's PNG/ImageMagick round trip), added twice (as is and rotated 180°) to an image brightened towards
/// 1.5·grey + 0.5.
/// </summary>
public sealed class Snow(CorruptionTable table) : ICorruption
{
    private readonly (double Loc, double Scale, double Zoom, double Threshold, int BlurRadius, double BlurSigma,
        double Blend)[] _parameters = table.Snow;

    public string Name => "snow";
    public CorruptionFamily Family => CorruptionFamily.Weather;
    public bool IsBenchmark => true;
    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var p = Severity.Pick(_parameters, severity);
        using var scope = NewDisposeScope();
        var (n, h, w) = (images.shape[0], images.shape[2], images.shape[3]);
        var x = Pixels.ToUnit(images);
        var layer = randn([n, h, w], ScalarType.Float32, images.device, generator: generator).mul_(p.Scale).add_(p.Loc);
        layer = ClippedZoom.Apply(layer, p.Zoom);
        layer = layer.masked_fill(layer < p.Threshold, 0);
        var layerBytes = layer.clamp(0, 1).mul_(255).floor_().unsqueeze(1);
        var angles = rand([n], ScalarType.Float64, images.device, generator: generator) * 90 - 135;
        var blurred = Pixels.ImageMagickQ16ToBytes(MotionBlur.Apply(layerBytes, p.BlurRadius, p.BlurSigma, angles))
            .to_type(ScalarType.Float32).div_(255);

        // cv2.cvtColor(RGB2GRAY) weights.
        var grey = (x[.., 0] * 0.299f + x[.., 1] * 0.587f + x[.., 2] * 0.114f).unsqueeze(1);
        x = x * (float)p.Blend + maximum(x, grey * 1.5f + 0.5f) * (float)(1 - p.Blend);
        var rotated = blurred.flip(2, 3);
        return (x + blurred + rotated).clamp_(0, 1).MoveToOuterDisposeScope();
    }
}
