using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Tests.Primitives;

/// <summary>The batched affine sampler against Pillow's Geometry.c, transcribed as scalar code, and hand-computed
/// values.</summary>
public sealed class PilAffineTests
{
    [Fact]
    public void HalfPixelTranslationInterpolatesAndFillsOutsideWithBlack()
    {
        // Output (0,0) samples input x = 0.5+0.5 = 1.0, minus 0.5 = 0.5: halfway between 0 and 100 -> 50.
        // Output (1,0) samples x = 2.0, outside [0, 2): fill 0.
        var image = Image(1, 2, 2, [0, 100, 200, 50]);
        var matrix = PilAffine.Matrix([1.0, 0, 0.5, 0, 1, 0]);
        Assert.Equal([50f, 0f, 125f, 0f], Values(PilAffine.Transform(image, matrix, bilinear: true)));
    }

    [Fact]
    public void WholePixelTranslationShiftsContentLeft()
    {
        var image = Image(1, 2, 4, [1, 2, 3, 4, 5, 6, 7, 8]);
        var matrix = PilAffine.Matrix([1.0, 0, 1, 0, 1, 0]);
        Assert.Equal([2f, 3f, 4f, 0f, 6f, 7f, 8f, 0f], Values(PilAffine.Transform(image, matrix, bilinear: true)));
        Assert.Equal([2f, 3f, 4f, 0f, 6f, 7f, 8f, 0f], Values(PilAffine.Transform(image, matrix, bilinear: false)));
    }

    [Fact]
    public void NearestReadsThePixelUnderTheSamplePosition()
    {
        // Scale 2 about the origin: output x samples 2x + 1, so columns 1 and 3; output y = 1 samples 3, outside.
        var image = Image(1, 2, 4, [1, 2, 3, 4, 5, 6, 7, 8]);
        var matrix = PilAffine.Matrix([2.0, 0, 0, 0, 2, 0]);
        Assert.Equal([6f, 8f, 0f, 0f, 0f, 0f, 0f, 0f], Values(PilAffine.Transform(image, matrix, bilinear: false)));
    }

    [Theory]
    [InlineData(1, 0.087, 0, 0, 1, 0)]
    [InlineData(1, 0, 0, -0.05, 1, 0)]
    [InlineData(1, 0, -3, 0, 1, 0)]
    [InlineData(1, 0, 0, 0, 1, 2)]
    [InlineData(0.9902680687415704, -0.13917310096006544, 1.0, 0.13917310096006544, 0.9902680687415704, -0.6)]
    [InlineData(1 / 1.18, 0, 0.85, 0, 1 / 1.18, 0.85)]
    public void SamplingMatchesPillowsScalarAlgorithm(double a, double b, double c, double d, double e, double f)
    {
        var image = RandomImage(1, 3, 9, 11, seed: 9);
        double[] m = [a, b, c, d, e, f];
        foreach (var bilinear in new[] { true, false })
        {
            var actual = Values(PilAffine.Transform(image, PilAffine.Matrix(m), bilinear));
            Assert.Equal(Pillow(image, m, bilinear), actual);
        }
    }

    [Fact]
    public void EachImageUsesItsOwnMatrixAndAByteImageStaysBytes()
    {
        var image = RandomImage(3, 2, 8, 8, seed: 4);
        double[][] matrices = [[1, 0.07, 0, 0, 1, 0], [1, 0, -2, 0, 1, 0], [0.8, 0, 0.9, 0, 0.8, 0.9]];
        var perImage = cat(matrices.Select(PilAffine.Matrix).ToArray());
        var bytes = PilAffine.Transform(image.to_type(ScalarType.Byte), perImage, bilinear: true);
        Assert.Equal(ScalarType.Byte, bytes.dtype);
        var actual = Values(bytes);
        var perImageSize = actual.Length / 3;
        for (var i = 0; i < 3; i++)
        {
            var expected = Pillow(image.narrow(0, i, 1), matrices[i], bilinear: true);
            Assert.Equal(expected, actual.AsSpan(i * perImageSize, perImageSize).ToArray());
        }
    }

    private static Tensor Image(int c, int h, int w, float[] values) => tensor(values).reshape(1, c, h, w);

    private static Tensor RandomImage(int n, int c, int h, int w, int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, n * c * h * w).Select(_ => (float)random.Next(256)).ToArray();
        return tensor(values).reshape(n, c, h, w);
    }

    private static float[] Values(Tensor t) => t.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();

    /// <summary>libImaging/Geometry.c's generic transform of a 1×C×H×W image: affine_transform, then nearest_filter8
    /// or BILINEAR_HEAD/BODY and the (UINT8) cast.</summary>
    private static float[] Pillow(Tensor image, double[] a, bool bilinear)
    {
        var (c, h, w) = ((int)image.shape[1], (int)image.shape[2], (int)image.shape[3]);
        var input = Values(image);
        var result = new float[c * h * w];
        for (var ch = 0; ch < c; ch++)
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    double xin = a[0] * (x + 0.5) + a[1] * (y + 0.5) + a[2];
                    double yin = a[3] * (x + 0.5) + a[4] * (y + 0.5) + a[5];
                    if (xin < 0.0 || xin >= w || yin < 0.0 || yin >= h) continue;
                    result[(ch * h + y) * w + x] = bilinear ? PillowBilinear(input, ch, h, w, xin, yin)
                        : input[(ch * h + (int)yin) * w + (int)xin];
                }
        return result;
    }

    private static float PillowBilinear(float[] input, int ch, int h, int w, double xin, double yin)
    {
        xin -= 0.5;
        yin -= 0.5;
        var xi = (int)Math.Floor(xin);
        var yi = (int)Math.Floor(yin);
        var dx = xin - xi;
        var dy = yin - yi;
        int Clip(int v, int size) => v < 0 ? 0 : v < size ? v : size - 1;
        double At(int row, int col) => input[(ch * h + row) * w + col];
        var (x0, x1) = (Clip(xi, w), Clip(xi + 1, w));
        var row0 = Clip(yi, h);
        var v1 = At(row0, x0) + (At(row0, x1) - At(row0, x0)) * dx;
        var v2 = yi + 1 >= 0 && yi + 1 < h ? At(yi + 1, x0) + (At(yi + 1, x1) - At(yi + 1, x0)) * dx : v1;
        return (byte)(v1 + (v2 - v1) * dy);
    }
}
