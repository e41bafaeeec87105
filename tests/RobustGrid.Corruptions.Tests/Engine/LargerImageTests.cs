using RobustGrid.Corruptions.Blur;
using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Weather;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Tests.Engine;

public sealed class LargerImageTests
{
    private static readonly CorruptionEngine TinyImageNet = CorruptionEngine.For(TinyImageNetTable.Table);

    /// <summary>Smooth gradients with a bright square: structure for blurs and warps to move, edges for
    /// spatter.</summary>
    internal static Tensor Scene(int count, int size)
    {
        var pixels = new byte[count * size * size * 3];
        for (var n = 0; n < count; n++)
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    var inSquare = Math.Abs(y - size / 2) < size / 5 && Math.Abs(x - size / 3 - n) < size / 6;
                    var i = ((n * size + y) * size + x) * 3;
                    pixels[i] = (byte)(inSquare ? 230 : 40 + 150 * x / size);
                    pixels[i + 1] = (byte)(inSquare ? 200 : 60 + 120 * y / size);
                    pixels[i + 2] = (byte)(inSquare ? 30 : 90 + 40 * (x + y) / (2 * size));
                }
        return tensor(pixels, [count, size, size, 3]);
    }

    public static TheoryData<string> Names() => new(TinyImageNet.Registry.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryCorruptionChangesTinyImageNetImagesAtEverySeverity(string name)
    {
        using var scope = NewDisposeScope();
        var input = Scene(2, 64);
        foreach (var severity in Severity.All)
        {
            var output = TinyImageNet.Corrupt(input, name, severity, seed: 3);
            Assert.Equal(input.shape, output.shape);
            Assert.Equal(ScalarType.Byte, output.dtype);
            var change = (output.to_type(ScalarType.Float64) - input.to_type(ScalarType.Float64)).abs().mean()
                .item<double>();
            Assert.True(change > 0.05, $"{name} s{severity} changed the images by {change} levels on average");
        }
    }

    [Fact]
    public void TablesRefuseImagesOfAnotherSize()
    {
        using var input = Scene(1, 32);
        var error = Assert.Throws<ArgumentException>(() => TinyImageNet.Corrupt(input, "fog", 1, 0));
        Assert.Contains("tinyimagenet-c", error.Message);
        using var large = Scene(1, 224);
        Assert.Throws<ArgumentException>(() => CorruptionEngine.Default().Corrupt(large, "fog", 1, 0));
    }

    [Fact]
    public void GlassBlurShuffleIsTheReferencesSequentialScan()
    {
        // The reference's loop, run literally on a small grid with random offsets in −d … d − 1: x[h, w] takes
        // the current value of x[h + dy, w + dx], scanning rows and columns from size − d down to d + 1.
        const int size = 24, n = 3;
        foreach (var maxDelta in (int[])[1, 2, 4])
        {
            var random = new Random(maxDelta);
            var values = new float[n * size * size];
            for (var i = 0; i < values.Length; i++) values[i] = random.Next(256);
            var dy = new long[n * size * size];
            var dx = new long[n * size * size];
            for (var i = 0; i < dy.Length; i++)
            {
                dy[i] = random.Next(-maxDelta, maxDelta);
                dx[i] = random.Next(-maxDelta, maxDelta);
            }
            var expected = (float[])values.Clone();
            for (var k = 0; k < n; k++)
                for (var h = size - maxDelta; h > maxDelta; h--)
                    for (var w = size - maxDelta; w > maxDelta; w--)
                    {
                        var at = (k * size + h) * size + w;
                        expected[at] = expected[(k * size + h + dy[at]) * size + w + dx[at]];
                    }
            using var scope = NewDisposeScope();
            var shuffled = GlassBlur.Shuffle(tensor(values, [n, 1, size, size]), tensor(dy, [n, size, size]),
                tensor(dx, [n, size, size]), maxDelta);
            Assert.Equal(expected, shuffled.data<float>().ToArray());
        }
    }

    [Fact]
    public void FrostTexturesAreShrunkByEachScriptsFactor()
    {
        // The photographs are 900x600, 560x315, 560x315, 527x350 and 660x495; cv2.resize's output size is
        // round(size x factor), and ImageNet's script crops them unresized.
        var tiny = FrostTextures.Load(scale: TinyImageNetTable.Table.FrostScale);
        Assert.Equal([(180, 270), (94, 168), (94, 168), (105, 158), (148, 198)], tiny.Sizes);
        var full = FrostTextures.Load(scale: ImageNetTable.Table.FrostScale);
        Assert.Equal([(600, 900), (315, 560), (315, 560), (350, 527), (495, 660)], full.Sizes);
    }

    [Fact]
    public void LargeDefocusDisksKeepTheirWholeSupport()
    {
        // ImageNet's radius 10 builds the disk on −10..10 and anti-aliases it with a 5x5 Gaussian whose reflect-101
        // border folds mass back in where the disk touches the grid's edge: OpenCV 4.6 gives a kernel summing to
        // 1.0107858 with 0.002624993 at the middle of the edge and 0 in the corner.
        var kernel = DefocusBlur.Disk(10, 0.5);
        Assert.Equal(21, kernel.GetLength(0));
        Assert.Equal(1.0107858, kernel.Cast<double>().Sum(), 6);
        Assert.Equal(0.002624993, kernel[10, 0], 8);
        Assert.Equal(0.0, kernel[0, 0]);
    }
}
