namespace RobustGrid.Corruptions.Core;

/// <summary>
/// The one rule for images that are not 32×32 RGB (Fashion-MNIST and MNIST are 28×28 grey), used by every entry point
/// through <see cref="CorruptionEngine"/>: replicate grey to RGB, pad with black (0) equally on all sides to 32×32,
/// apply the CIFAR-10-C corruption with its CIFAR parameters unchanged, crop the centre back, and for grey inputs keep
/// the first (red) channel. Black padding is the Fashion-MNIST background, so blurs and warps see what they would
/// see on a larger canvas; keeping one channel (not a mean over three) keeps per-element noise at its full CIFAR
/// strength. The result is labelled a RobustGrid adaptation, not an official benchmark.
/// </summary>
public sealed record ImageLayout(int Height, int Width, int Channels)
{
    public const int Canvas = 32;

    public bool IsNative => Height == Canvas && Width == Canvas && Channels == 3;
    public int PadTop => (Canvas - Height) / 2;
    public int PadLeft => (Canvas - Width) / 2;

    public static ImageLayout Of(long[] nhwcShape)
    {
        if (nhwcShape.Length != 4)
            throw new ArgumentException(
                $"images must be a 4-D uint8 array [N, H, W, C] (the CIFAR-10-C layout); " +
                $"got {nhwcShape.Length}-D shape ({string.Join(", ", nhwcShape)})");
        var (h, w, c) = ((int)nhwcShape[1], (int)nhwcShape[2], (int)nhwcShape[3]);
        if (c is not (1 or 3) || h > Canvas || w > Canvas || h < 8 || w < 8 || (Canvas - h) % 2 != 0
            || (Canvas - w) % 2 != 0)
            throw new ArgumentException(
                $"images of shape [N, {h}, {w}, {c}] are not supported: the corruptions need 32x32 RGB, or grey/RGB " +
                "images of at most 32x32 with an even margin (e.g. 28x28x1), which are padded to 32x32");
        return new ImageLayout(h, w, c);
    }
}
