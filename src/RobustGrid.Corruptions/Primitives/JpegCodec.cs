using SkiaSharp;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// A JPEG encode/decode round trip through SkiaSharp (libjpeg-turbo inside Skia; baseline, IJG quality scaling,
/// 4:2:0 chroma subsampling — the same settings Pillow uses by default). A codec is inherently per image; the images
/// are spread over all cores. On the fixtures the output equals Pillow 9.4's byte for byte (docs/corruptions.md).
/// </summary>
internal static class JpegCodec
{
    /// <param name="images">uint8 [N, 3, H, W] on any device.</param>
    public static Tensor RoundTrip(Tensor images, int quality)
    {
        using var scope = NewDisposeScope();
        var (n, h, w) = ((int)images.shape[0], (int)images.shape[2], (int)images.shape[3]);
        var hwc = images.permute(0, 2, 3, 1).contiguous().cpu();
        var input = hwc.data<byte>().ToArray();
        var output = new byte[input.Length];
        var imageBytes = h * w * 3;
        Parallel.For(0, n, i => RoundTripOne(input.AsSpan(i * imageBytes, imageBytes),
            output.AsSpan(i * imageBytes, imageBytes), h, w, quality));
        var result = tensor(output, [n, h, w, 3]).permute(0, 3, 1, 2).contiguous().to(images.device);
        return result.MoveToOuterDisposeScope();
    }

    private static void RoundTripOne(ReadOnlySpan<byte> rgb, Span<byte> destination, int h, int w, int quality)
    {
        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        unsafe
        {
            var pixels = (byte*)bitmap.GetPixels();
            for (var p = 0; p < h * w; p++)
            {
                pixels[p * 4] = rgb[p * 3];
                pixels[p * 4 + 1] = rgb[p * 3 + 1];
                pixels[p * 4 + 2] = rgb[p * 3 + 2];
                pixels[p * 4 + 3] = 255;
            }
        }
        using var pixmap = bitmap.PeekPixels();
        var options =
            new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore);
        using var encoded = pixmap.Encode(options)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {w}x{h} JPEG at quality {quality}");
        using var codec = SKCodec.Create(encoded)
            ?? throw new InvalidOperationException("SkiaSharp could not read back its own JPEG");
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw new InvalidOperationException($"JPEG decode failed: {result}");
        var back = decoded.GetPixelSpan();
        for (var p = 0; p < h * w; p++)
        {
            destination[p * 3] = back[p * 4];
            destination[p * 3 + 1] = back[p * 4 + 1];
            destination[p * 3 + 2] = back[p * 4 + 2];
        }
    }
}
