using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Blur;

/// <summary>
/// ImageMagick motion blur (radius, σ) at an angle drawn uniformly from (−45°, 45°) per image, rounded to 8 bits as
/// the reference's PNG round trip through ImageMagick Q16 does (see <see cref="Pixels.ImageMagickQ16ToBytes"/>). See
/// <see cref="MotionBlur"/> for the kernel and its deviation from Wand.
/// </summary>
public sealed class MotionBlurCorruption(CorruptionTable table) : ICorruption
{
    private readonly (int Radius, double Sigma)[] _parameters = table.MotionBlur;

    public string Name => "motion_blur";
    public CorruptionFamily Family => CorruptionFamily.Blur;
    public bool IsBenchmark => true;
    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var angles = rand([images.shape[0]], ScalarType.Float64, images.device, generator: generator) * 90 - 45;
        return ApplyAtAngles(images, severity, angles).MoveToOuterDisposeScope();
    }

    /// <summary>The same blur at given angles (degrees, one per image): lets tests compare with Wand
    /// directly.</summary>
    public Tensor ApplyAtAngles(Tensor images, int severity, Tensor anglesDegrees)
    {
        Severity.Check(severity, "motion_blur");
        var (radius, sigma) = Severity.Pick(_parameters, severity);
        using var scope = NewDisposeScope();
        var blurred = MotionBlur.Apply(images.to_type(ScalarType.Float32), radius, sigma, anglesDegrees);
        return Pixels.ImageMagickQ16ToBytes(blurred).MoveToOuterDisposeScope();
    }
}
