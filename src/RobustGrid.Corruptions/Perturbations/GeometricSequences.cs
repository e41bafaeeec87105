using RobustGrid.Catalog;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Perturbations;

/// <summary>A horizontal shift from 7 pixels left to 8 right, one pixel a frame (nearest, black fill).</summary>
public sealed class TranslateSequence : IPerturbation
{
    public string Name => PerturbationNames.Translate;
    public int Frames => 16;
    public bool IsNoise => false;
    public bool IsRandom => false;

    public Tensor Sequence(Tensor images, Generator generator) =>
        Perturbations.Frames.Generate(Frames, i => TorchvisionAffine.Apply(images, 0, i - 7, 1, bilinear: false));
}

/// <summary>A rotation from −15° to 15°, one degree a frame (bilinear, black fill).</summary>
public sealed class RotateSequence : IPerturbation
{
    public string Name => PerturbationNames.Rotate;
    public int Frames => 31;
    public bool IsNoise => false;
    public bool IsRandom => false;

    public Tensor Sequence(Tensor images, Generator generator) =>
        Perturbations.Frames.Generate(Frames, i => TorchvisionAffine.Apply(images, i - 15, 0, 1, bilinear: true));
}

/// <summary>A zoom from 0.70× to 1.30× about the centre, 0.02 a frame (bilinear, black fill).</summary>
public sealed class ScaleSequence : IPerturbation
{
    public string Name => PerturbationNames.Scale;
    public int Frames => 31;
    public bool IsNoise => false;
    public bool IsRandom => false;

    public Tensor Sequence(Tensor images, Generator generator) =>
        Perturbations.Frames.Generate(Frames,
            i => TorchvisionAffine.Apply(images, 0, 0, (i * 2 + 70) / 100.0, bilinear: true));
}

/// <summary>
/// Zoom blur building up: frame i is the mean of the image and its zooms by 1.004, 1.008, …, 1 + 0.004·i (bilinear),
/// truncated to 8 bits.
/// </summary>
public sealed class ZoomBlurSequence : IPerturbation
{
    public string Name => PerturbationNames.ZoomBlur;
    public int Frames => 31;
    public bool IsNoise => false;
    public bool IsRandom => false;

    public Tensor Sequence(Tensor images, Generator generator)
    {
        using var scope = NewDisposeScope();
        var sum = images.to_type(ScalarType.Float32).div_(255);
        var frames = new List<Tensor> { images };
        for (var i = 1; i < Frames; i++)
        {
            var zoomed = TorchvisionAffine.Apply(images, 0, 0, 1 + 0.004 * i, bilinear: true);
            sum = sum + zoomed.to_type(ScalarType.Float32).div_(255);
            frames.Add(Perturbations.Frames.TruncatedBytes(sum / (i + 1)));
        }
        return Perturbations.Frames.Stack(frames).MoveToOuterDisposeScope();
    }
}
