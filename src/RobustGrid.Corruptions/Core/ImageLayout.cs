using RobustGrid.Corruptions.Tables;

namespace RobustGrid.Corruptions.Core;

/// <summary>
/// The one rule for images that are not square RGB of the table's size (Fashion-MNIST and MNIST are 28×28 grey under
/// the CIFAR table), used by every entry point through <see cref="CorruptionEngine"/>: replicate grey to RGB, pad with
/// black (0) equally on all sides to the table's size, apply the corruption with the table's parameters unchanged,
/// crop the centre back, and for grey inputs keep the first (red) channel. Black padding is the Fashion-MNIST
/// background, so blurs and warps see what they would see on a larger canvas; keeping one channel (not a mean over
/// three) keeps per-element noise at its full strength. The result is labelled a RobustGrid adaptation, not an
/// official benchmark.
/// </summary>
public sealed record ImageLayout(int Height, int Width, int Channels, int Canvas)
{
    public bool IsNative => Height == Canvas && Width == Canvas && Channels == 3;
    public int PadTop => (Canvas - Height) / 2;
    public int PadLeft => (Canvas - Width) / 2;

    public static ImageLayout Of(long[] nhwcShape, CorruptionTable table)
    {
        if (nhwcShape.Length != 4)
            throw new ArgumentException(
                $"images must be a 4-D uint8 array [N, H, W, C] (the CIFAR-10-C layout); " +
                $"got {nhwcShape.Length}-D shape ({string.Join(", ", nhwcShape)})");
        var (h, w, c) = ((int)nhwcShape[1], (int)nhwcShape[2], (int)nhwcShape[3]);
        var canvas = table.ImageSize;
        if (!table.PadsSmallerImages && (h != canvas || w != canvas))
            throw new ArgumentException(
                $"images of shape [N, {h}, {w}, {c}] are not supported by the {table.Name} table: it corrupts " +
                $"{canvas}x{canvas} images only");
        if (c is not (1 or 3) || h > canvas || w > canvas || h < 8 || w < 8 || (canvas - h) % 2 != 0
            || (canvas - w) % 2 != 0)
            throw new ArgumentException(
                $"images of shape [N, {h}, {w}, {c}] are not supported by the {table.Name} table: its corruptions " +
                $"need {canvas}x{canvas} RGB, or grey/RGB images of at most {canvas}x{canvas} with an even margin " +
                $"(e.g. {canvas - 4}x{canvas - 4}x1), which are padded to {canvas}x{canvas}");
        return new ImageLayout(h, w, c, canvas);
    }
}
