using static TorchSharp.torch;

namespace RobustGrid.Training.Tests;

internal static class TensorAssert
{
    public static bool Same(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();
}
