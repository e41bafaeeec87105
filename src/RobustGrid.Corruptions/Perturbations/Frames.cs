using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Perturbations;

/// <summary>The reference's conversions of a frame to 8 bits, and frames stacked into sequences.</summary>
internal static class Frames
{
    /// <summary><c>np.uint8(x * 255)</c> of values in [0, 1]: truncation, as numpy's cast does.</summary>
    public static Tensor TruncatedBytes(Tensor unit) => unit.mul(255).clamp_(0, 255).to_type(ScalarType.Byte);

    /// <param name="frames">uint8 [N, 3, H, W] each.</param>
    /// <returns>uint8 [N, T, 3, H, W].</returns>
    public static Tensor Stack(IEnumerable<Tensor> frames) => stack(frames, 1);

    /// <summary>Frames 0 … count − 1 made one by one and stacked, inside a dispose scope: TorchSharp's stack hands
    /// libtorch only the frames' handles, so a frame that nothing else holds could be finalized (freed) by a GC during
    /// the call, a segfault in THSTensor_stack.</summary>
    /// <returns>uint8 [N, count, 3, H, W].</returns>
    public static Tensor Generate(int count, Func<int, Tensor> frame)
    {
        using var scope = NewDisposeScope();
        var frames = Enumerable.Range(0, count).Select(frame).ToList();
        return Stack(frames).MoveToOuterDisposeScope();
    }
}
