namespace RobustGrid.Corruptions.Weather;

/// <summary>
/// cv2.resize(img, (0, 0), fx = fy = scale, INTER_LINEAR) on 8-bit RGB: output size round(size·scale), source
/// coordinate (d + ½)/scale − ½ clamped to the image, weights rounded to 11 bits per axis, and the two passes combined
/// with round-half-up at 22 bits, as OpenCV's fixed-point scalar path does.
/// </summary>
internal static class OpenCvLinearResize
{
    private const int CoefficientBits = 11;
    private const int CoefficientScale = 1 << CoefficientBits;

    public static (byte[] Pixels, (int Height, int Width) Size) Shrink(byte[] rgb, int h, int w, double scale)
    {
        var (oh, ow) = ((int)Math.Round(h * scale), (int)Math.Round(w * scale));
        var rowTaps = Taps(h, oh, scale);
        var colTaps = Taps(w, ow, scale);
        var output = new byte[oh * ow * 3];
        for (var i = 0; i < oh; i++)
        {
            var (r0, r1, b0, b1) = rowTaps[i];
            for (var j = 0; j < ow; j++)
            {
                var (c0, c1, a0, a1) = colTaps[j];
                for (var c = 0; c < 3; c++)
                {
                    long top = rgb[(r0 * w + c0) * 3 + c] * a0 + rgb[(r0 * w + c1) * 3 + c] * a1;
                    long bottom = rgb[(r1 * w + c0) * 3 + c] * a0 + rgb[(r1 * w + c1) * 3 + c] * a1;
                    var value = (b0 * top + b1 * bottom + (1L << (2 * CoefficientBits - 1))) >> (2 * CoefficientBits);
                    output[(i * ow + j) * 3 + c] = (byte)Math.Clamp(value, 0, 255);
                }
            }
        }
        return (output, (oh, ow));
    }

    private static (int First, int Second, int FirstWeight, int SecondWeight)[] Taps(int size, int outSize,
        double scale)
    {
        var inverse = 1.0 / scale;
        var taps = new (int, int, int, int)[outSize];
        for (var d = 0; d < outSize; d++)
        {
            var f = (float)((d + 0.5) * inverse - 0.5);
            var s = (int)Math.Floor(f);
            f -= s;
            if (s < 0) (s, f) = (0, 0);
            if (s >= size - 1) (s, f) = (size - 1, 0);
            var first = (int)Math.Round((1f - f) * CoefficientScale);
            var second = (int)Math.Round(f * CoefficientScale);
            taps[d] = (s, Math.Min(s + 1, size - 1), first, second);
        }
        return taps;
    }
}
