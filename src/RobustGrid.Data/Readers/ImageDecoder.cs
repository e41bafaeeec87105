using SkiaSharp;

namespace RobustGrid.Data.Readers;

/// <summary>Decodes PNG and JPEG bytes into packed RGB (or gray) pixels with SkiaSharp.</summary>
public static class ImageDecoder
{
    public static bool IsImageFile(string name) =>
        name.EndsWith(".png", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase);

    /// <summary>Decodes into <paramref name="destination"/> (H×W×channels bytes); throws when the size
    /// differs.</summary>
    public static void DecodeInto(byte[] encoded, string name, int height, int width, int channels,
        Span<byte> destination)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var codec = SKCodec.Create(new SKMemoryStream(encoded))
            ?? throw new DataFormatException(name, "not a decodable PNG or JPEG image");
        if (codec.Info.Width != width || codec.Info.Height != height)
            throw new DataFormatException(name,
                $"image is {codec.Info.Width}x{codec.Info.Height}, expected {width}x{height}");
        var rgba = new byte[width * height * 4];
        unsafe
        {
            fixed (byte* p = rgba)
            {
                var result = codec.GetPixels(info, (IntPtr)p);
                if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
                    throw new DataFormatException(name, $"image decode failed: {result}");
                if (result == SKCodecResult.IncompleteInput)
                    throw new DataFormatException(name, "image data is truncated");
            }
        }
        for (var i = 0; i < width * height; i++)
        {
            if (channels == 3)
            {
                destination[3 * i] = rgba[4 * i];
                destination[3 * i + 1] = rgba[4 * i + 1];
                destination[3 * i + 2] = rgba[4 * i + 2];
            }
            else
            {
                destination[i] = rgba[4 * i];
            }
        }
    }

    /// <summary>Reads the width and height without decoding the pixels.</summary>
    public static (int Height, int Width) ReadSize(byte[] encoded, string name)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(encoded))
            ?? throw new DataFormatException(name, "not a decodable PNG or JPEG image");
        return (codec.Info.Height, codec.Info.Width);
    }

    /// <summary>Decodes into an RGBA bitmap at the image's own size, for preprocessing that resizes or
    /// crops.</summary>
    public static SKBitmap DecodeBitmap(byte[] encoded, string name)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(encoded))
            ?? throw new DataFormatException(name, "not a decodable PNG or JPEG image");
        var bitmap = new SKBitmap(new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888,
            SKAlphaType.Unpremul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new DataFormatException(name, result == SKCodecResult.IncompleteInput ? "image data is truncated"
                : $"image decode failed: {result}");
        }
        return bitmap;
    }
}
