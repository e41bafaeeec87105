using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>Conversions between uint8 pixels and the reference's <c>np.array(x) / 255.</c> floats.</summary>
internal static class Pixels
{
    public static Tensor ToUnit(Tensor bytes, ScalarType type = ScalarType.Float32) => bytes.to_type(type).div_(255.0);

    /// <summary>Round to the nearest 8-bit value, as a PNG or JPEG round trip does.</summary>
    public static Tensor RoundToBytes(Tensor values255) => values255.round().clamp_(0, 255).to_type(ScalarType.Byte);

    /// <summary>
    /// What an 8-bit PNG through ImageMagick 6 Q16 (Wand) comes back as: the result is rounded to a 16-bit quantum
    /// (×257), and the PNG writer then truncates quantum/257. Measured bit-exact against Wand 6.9.11 on CIFAR images.
    /// </summary>
    public static Tensor ImageMagickQ16ToBytes(Tensor values255) =>
        values255.mul(257.0).add_(0.5).floor_().div_(257.0).floor_().clamp_(0, 255).to_type(ScalarType.Byte);
}
