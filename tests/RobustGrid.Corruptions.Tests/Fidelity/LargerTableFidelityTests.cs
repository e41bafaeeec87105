using RobustGrid.Corruptions.Blur;
using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Data.Formats;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Tests.Fidelity;

/// <summary>
/// Ours against make_tinyimagenet_c.py (64 px) and make_imagenet_c.py (224 px) on enlarged CIFAR-10 test images, per
/// corruption and severity, for every corruption that draws no random numbers (Fixtures/Larger/README.md). The
/// bounds are the 32 px ones (<see cref="DeterministicFidelityTests"/>).
/// </summary>
public sealed class LargerTableFidelityTests(ITestOutputHelper output)
{
    private static string Folder(int size) =>
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "Larger", size.ToString());

    private static NpyArray Input(int size) =>
        NpyFile.ReadUInt8(Path.Combine(Folder(size), "input.npy.gz"), -1, size, size, 3);

    private static NpyArray Reference(int size, string name) =>
        NpyFile.ReadUInt8(Path.Combine(Folder(size), $"reference_{name}.npy.gz"), 5, -1, size, size, 3);

    private static CorruptionTable TableOf(int size) => CorruptionTables.ForImageSize(size, size);

    [Theory]
    [InlineData(64, "pixelate", 0.0, 0)]
    [InlineData(64, "contrast", 0.01, 1)]
    [InlineData(64, "brightness", 0.01, 1)]
    [InlineData(64, "saturate", 0.01, 1)]
    [InlineData(64, "gaussian_blur", 0.01, 1)]
    [InlineData(64, "defocus_blur", 0.01, 1)]
    [InlineData(64, "zoom_blur", 0.01, 1)]
    [InlineData(64, "jpeg_compression", 1.0, 40)]
    [InlineData(224, "pixelate", 0.0, 0)]
    [InlineData(224, "contrast", 0.01, 1)]
    [InlineData(224, "brightness", 0.01, 1)]
    [InlineData(224, "saturate", 0.01, 1)]
    [InlineData(224, "gaussian_blur", 0.01, 1)]
    [InlineData(224, "defocus_blur", 0.01, 1)]
    [InlineData(224, "zoom_blur", 0.01, 1)]
    [InlineData(224, "jpeg_compression", 1.0, 40)]
    public void MatchesTheReferenceScriptOfItsSize(int size, string name, double maxMeanAbs, int maxMax)
    {
        var engine = CorruptionEngine.For(TableOf(size));
        var reference = Reference(size, name);
        var input = Input(size);
        using var images = tensor(input.Data, input.Shape);
        var imageBytes = input.Data.Length;
        foreach (var severity in Severity.All)
        {
            using var ours = engine.Corrupt(images, name, severity, seed: 0);
            var diff = PixelDifference.Between(ours.data<byte>().ToArray(),
                reference.Data.AsSpan((severity - 1) * imageBytes, imageBytes));
            output.WriteLine($"{size} px {name} s{severity}: {diff}");
            Assert.True(diff.MeanAbs <= maxMeanAbs, $"{size} px {name} s{severity}: {diff} (bound mean {maxMeanAbs})");
            Assert.True(diff.Max <= maxMax, $"{size} px {name} s{severity}: {diff} (bound max {maxMax})");
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(224)]
    public void MotionBlurMatchesImageMagickAtFixedAngles(int size)
    {
        var reference = Reference(size, "motion_blur_fixed_angles");
        var input = Input(size);
        using var images = tensor(input.Data, input.Shape);
        using var nchw = images.permute(0, 3, 1, 2).contiguous();
        using var angles = tensor(NpyFile.Read(Path.Combine(Folder(size), "motion_blur_angles.npy")).ToFloat64());
        var blur = new MotionBlurCorruption(TableOf(size));
        var imageBytes = input.Data.Length;
        foreach (var severity in Severity.All)
        {
            using var blurred = blur.ApplyAtAngles(nchw, severity, angles);
            using var ours = blurred.permute(0, 2, 3, 1).contiguous();
            var diff = PixelDifference.Between(ours.data<byte>().ToArray(),
                reference.Data.AsSpan((severity - 1) * imageBytes, imageBytes));
            output.WriteLine($"{size} px motion_blur s{severity}: {diff}");
            Assert.True(diff.MeanAbs <= 0.001, $"{size} px motion_blur s{severity}: {diff}");
            Assert.True(diff.Max <= 1, $"{size} px motion_blur s{severity}: {diff}");
        }
    }
}
