using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Augmentations.Pil;

/// <summary>
/// DynTTA's <c>scale</c> (CUB_dataset/augmix.py): <c>ImageOps.scale(img, f)</c>, a bicubic resize to (round(f·W),
/// round(f·H)) with Python's half-to-even rounding, then a crop of W×H about the centre, box ((w' − W)//2,
/// (h' − H)//2, …), where a shrunk image leaves black borders; f = level·1.2/10 + 0.7.
/// </summary>
internal sealed class Scale : IImageOp
{
    public string Name => "scale";

    public Tensor Apply(Tensor pixels, OpDraw draw)
    {
        using var scope = NewDisposeScope();
        return Resize(pixels, PilLevels.Factor(pixels, draw, 1.2, 0.7)).MoveToOuterDisposeScope();
    }

    /// <param name="factor">[M] float64, one factor per image.</param>
    public static Tensor Resize(Tensor pixels, Tensor factor)
    {
        using var scope = NewDisposeScope();
        var (h, w) = (pixels.shape[2], pixels.shape[3]);
        var sizes = factor.to(ScalarType.Float64).cpu().data<double>().ToArray()
            .Select(f => (Round(f * h), Round(f * w)))
            .ToArray();
        var result = pixels.clone();
        // Images that scale to the same size share one batched resize; Pillow copies an image whose size is kept.
        foreach (var size in sizes.Distinct().Where(s => s != (h, w)))
        {
            var members = tensor(sizes.Select((s, i) => (s, i)).Where(p => p.s == size).Select(p => (long)p.i)
                .ToArray(), device: pixels.device);
            var resized = PilResize.Bicubic(pixels.index_select(0, members), size.Item1, size.Item2);
            result.index_copy_(0, members, CropCentre(resized, h, w));
        }
        return result.MoveToOuterDisposeScope();
    }

    private static long Round(double size) => (long)Math.Round(size, MidpointRounding.ToEven);

    /// <summary>PIL's crop to the centred H×W box: pixels outside the image are 0.</summary>
    private static Tensor CropCentre(Tensor image, long h, long w)
    {
        using var scope = NewDisposeScope();
        var (ih, iw) = (image.shape[2], image.shape[3]);
        var (top, left) = ((long)Math.Floor((ih - h) / 2.0), (long)Math.Floor((iw - w) / 2.0));
        var crop = zeros([image.shape[0], image.shape[1], h, w], image.dtype, image.device);
        var (y0, x0) = (Math.Max(0, -top), Math.Max(0, -left));
        var (y1, x1) = (Math.Min(h, ih - top), Math.Min(w, iw - left));
        crop.narrow(2, y0, y1 - y0).narrow(3, x0, x1 - x0)
            .copy_(image.narrow(2, y0 + top, y1 - y0).narrow(3, x0 + left, x1 - x0));
        return crop.MoveToOuterDisposeScope();
    }
}
