using RobustGrid.Corruptions.Perturbations;
using RobustGrid.Corruptions.Tests.Fidelity;
using RobustGrid.Corruptions.Tests.Fixtures;
using RobustGrid.Data.Formats;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Tests.Perturbations;

/// <summary>
/// Our CIFAR-10-P sequences against make_cifar_p.py's frames on the same real CIFAR-10 test images, frame by frame,
/// for the perturbations whose reference runs here (see Fixtures/README.md). Differences are in 8-bit levels.
/// </summary>
public sealed class PerturbationFidelityTests(ITestOutputHelper output)
{
    /// <summary>
    /// Brightness is float64 maths truncated to 8 bits: at most a rare one-level tie. Tilt follows OpenCV's 1/32-pixel
    /// bilinear warp, whose weights are exact in its fixed point, so it can differ only where the reference rounds a
    /// source position differently. Motion blur carries the CIFAR-10-C kernel's known deviation from Wand.
    /// Translate, rotate, scale and zoom blur compute torchvision's inverse matrix and PIL's sample positions with the
    /// same float64 operations in the same order, then PIL's bilinear weights and truncation, and zoom blur averages
    /// in float32 as ToTensor/ToPILImage do: nothing is left to round differently, so they must be exact. (Positions
    /// one rounding off move up to ~2 % of a scaled frame's values by a level; the centre (w/2, h/2) of later
    /// torchvision instead of the reference's (w/2 + ½, h/2 + ½) changes ~45 % of the rotated values.)
    /// </summary>
    [Theory]
    [InlineData("brightness", 0.01, 1)]
    [InlineData("tilt", 0.01, 1)]
    [InlineData("motion_blur", 0.01, 1)]
    [InlineData("translate", 0, 0)]
    [InlineData("rotate", 0, 0)]
    [InlineData("scale", 0, 0)]
    [InlineData("zoom_blur", 0, 0)]
    public void FramesMatchTheReferenceOnRealCIFARImages(string name, double maxMeanAbs, int maxMax)
    {
        var reference = NpyFile.ReadUInt8(Path.Combine(ReferenceFixtures.Folder, $"reference_p_{name}.npy.gz"), -1,
            -1, 32, 32, 3);
        var (frames, n) = ((int)reference.Shape[0], (int)reference.Shape[1]);
        var perturbation = PerturbationRegistry.Get(name);
        Assert.Equal(frames, perturbation.Frames);
        using var input = ReferenceFixtures.InputTensor(n);
        using var nchw = input.permute(0, 3, 1, 2).contiguous();
        using var generator = new Generator(0);
        using var sequence = perturbation.Sequence(nchw, generator);
        using var frameMajor = sequence.permute(1, 0, 3, 4, 2).contiguous();
        var ours = frameMajor.data<byte>().ToArray();
        var frameBytes = n * 32 * 32 * 3;
        for (var t = 0; t < frames; t++)
        {
            var diff = PixelDifference.Between(ours.AsSpan(t * frameBytes, frameBytes),
                reference.Data.AsSpan(t * frameBytes, frameBytes));
            output.WriteLine($"{name} frame {t}: {diff}");
            Assert.True(diff.MeanAbs <= maxMeanAbs && diff.Max <= maxMax, $"{name} frame {t}: {diff}");
        }
        output.WriteLine($"{name} all frames: {PixelDifference.Between(ours, reference.Data)}");
    }
}
