using static TorchSharp.torch;

namespace RobustGrid.NaTra;

/// <summary>The generator works in [-1, 1]; datasets are uint8. One place for the conversions.</summary>
internal static class GanImages
{
    public static Tensor FromBytes(Tensor byteImages) => byteImages.to(ScalarType.Float32).div(127.5).sub_(1.0);

    public static Tensor ToUnit(Tensor ganImages) => ganImages.add(1.0).div_(2.0);
}
