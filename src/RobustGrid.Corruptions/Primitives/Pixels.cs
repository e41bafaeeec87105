using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>Conversions between uint8 pixels and the reference's <c>np.array(x) / 255.</c> floats.</summary>
internal static class Pixels
{
    public static Tensor ToUnit(Tensor bytes, ScalarType type = ScalarType.Float32) => bytes.to_type(type).div_(255.0);

    /// <summary>Round to the nearest 8-bit value, as a PNG or JPEG round trip does.</summary>
    public static Tensor RoundToBytes(Tensor values255) => values255.round().clamp_(0, 255).to_type(ScalarType.Byte);
}
