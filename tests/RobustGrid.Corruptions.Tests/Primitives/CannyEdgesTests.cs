using RobustGrid.Corruptions.Primitives;
using RobustGrid.Corruptions.Tests.Fixtures;
using RobustGrid.Data.Formats;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Tests.Primitives;

/// <summary>
/// The Canny port against OpenCV 4.6's cv2.Canny(layer, 50, 150) on four 224 px liquid layers drawn as the ImageNet
/// table's spatter draws them (make_distance_fixtures.py, see Fixtures/README.md). Their edges run in every direction,
/// so the diagonal tie rule and the fixed-point direction bins are exercised.
/// </summary>
public sealed class CannyEdgesTests
{
    [Fact]
    public void EdgesEqualOpenCv()
    {
        var layers = NpyFile.ReadUInt8(Path.Combine(ReferenceFixtures.Folder, "canny_224_layers.npy.gz"), 4, 224, 224);
        var expected = NpyFile.ReadUInt8(Path.Combine(ReferenceFixtures.Folder, "canny_224_edges.npy.gz"), 4, 224, 224);
        using var levels = tensor(layers.Data, layers.Shape).to_type(ScalarType.Float32);
        using var edges = CannyEdges.Detect(levels, 50, 150);
        using var bytes = edges.to_type(ScalarType.Byte).mul(255);
        Assert.Equal(expected.Data, bytes.data<byte>().ToArray());
    }
}
