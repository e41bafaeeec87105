using RobustGrid.Corruptions.Primitives;
using RobustGrid.Corruptions.Tests.Fixtures;
using RobustGrid.Corruptions.Weather;
using RobustGrid.Data.Formats;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Tests.Primitives;

/// <summary>
/// The chamfer distance transform and spatter's box blur of it against OpenCV 4.6's distanceTransform(DIST_L2, 5) and
/// cv2.blur on the masks of make_distance_fixtures.py: Canny edges of spatter's liquid layer, random seeds, a mask
/// without any seed and one with a single seed in a corner (see Fixtures/README.md).
/// </summary>
public sealed class DistanceTransformTests
{
    [Theory]
    [InlineData(32)]
    [InlineData(224)]
    public void ChamferTransformEqualsOpenCv(int size)
    {
        using var seeds = Seeds(size);
        using var ours = DistanceTransform.ChamferL2Mask5(seeds);
        Assert.Equal(Fixture(size, "l2_mask5"), ours.data<float>().ToArray());
    }

    [Theory]
    [InlineData(32)]
    [InlineData(224)]
    public void BlurOfTruncatedDistancesEqualsOpenCvThenUInt8(int size)
    {
        var reference = Fixture(size, "l2_mask5", out var shape);
        using var dist = tensor(reference, shape).clamp_max(20);
        using var ours = Spatter.BlurDistances(dist);
        // Spatter casts cv2.blur's float32 result with astype(uint8): truncation.
        var expected = Fixture(size, "blurred").Select(v => (float)Math.Floor(v)).ToArray();
        Assert.Equal(expected, ours.data<float>().ToArray());
    }

    private static Tensor Seeds(int size)
    {
        var masks = NpyFile.ReadUInt8(Path.Combine(ReferenceFixtures.Folder, $"distance_{size}_masks.npy.gz"), -1,
            size, size);
        using var bytes = tensor(masks.Data, masks.Shape);
        return bytes.eq(0);
    }

    private static float[] Fixture(int size, string part) => Fixture(size, part, out _);

    private static float[] Fixture(int size, string part, out long[] shape)
    {
        var array = NpyFile.Read(Path.Combine(ReferenceFixtures.Folder, $"distance_{size}_{part}.npy.gz"));
        shape = array.Shape;
        return array.ToFloat64().Select(v => (float)v).ToArray();
    }
}
