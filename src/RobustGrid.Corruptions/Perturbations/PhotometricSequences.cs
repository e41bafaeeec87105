using RobustGrid.Catalog;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Perturbations;

/// <summary>HSV value shifted from −0.225 to +0.225, 0.015 a frame (skimage's HSV, clipped, truncated).</summary>
public sealed class BrightnessSequence : IPerturbation
{
    public string Name => PerturbationNames.Brightness;
    public int Frames => 31;
    public bool IsNoise => false;
    public bool IsRandom => false;

    public Tensor Sequence(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var hsv = Hsv.FromRgb(Pixels.ToUnit(images, ScalarType.Float64));
        var frames = Enumerable.Range(0, Frames).Select(i =>
        {
            var value = (hsv[.., 2] + (i - 15) * 1.5 / 100).clamp_(0, 1);
            return Perturbations.Frames.TruncatedBytes(Hsv.ToRgb(stack([hsv[.., 0], hsv[.., 1], value], 1)));
        });
        return Perturbations.Frames.Stack(frames).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// ImageMagick's motion blur (radius 6, σ 1.8) turning from −180° to 0°, 9° a frame, rounded to 8 bits as the
/// reference's PNG round trip through ImageMagick Q16 does.
/// </summary>
public sealed class MotionBlurSequence : IPerturbation
{
    public string Name => PerturbationNames.MotionBlur;
    public int Frames => 21;
    public bool IsNoise => false;
    public bool IsRandom => false;

    public Tensor Sequence(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var pixels = images.to_type(ScalarType.Float32);
        var frames = Enumerable.Range(0, Frames).Select(i =>
        {
            var angles = full([images.shape[0]], (i - 20) * 9.0, ScalarType.Float64, images.device);
            return Pixels.ImageMagickQ16ToBytes(MotionBlur.Apply(pixels, 6, 1.8, angles));
        });
        return Perturbations.Frames.Stack(frames).MoveToOuterDisposeScope();
    }
}
