using RobustGrid.Catalog.Seeds;

namespace RobustGrid.Methods.IpMix.MixingSets;

/// <summary>
/// Renders one iterated-function-system fractal: 2–4 random contractive affine maps (rotation · scale · rotation,
/// scales in [0.25, 0.9], chosen with probability ∝ |det|), iterated by the chaos game. Each pixel's colour comes
/// from a random three-stop colour map indexed by the running average of the maps that landed there (as in flame
/// fractals), its brightness from the log hit density, over a random dark background. Degenerate systems that
/// cover under 8% of the picture are redrawn. Deterministic for a given generator state.
/// </summary>
internal static class FractalRenderer
{
    private const int Points = 40_000;
    private const int BurnIn = 20;

    /// <summary>Returns size×size×3 RGB bytes, row-major.</summary>
    public static byte[] Render(SplitMix64 random, int size)
    {
        while (true)
        {
            var picture = TryRender(random, size);
            if (picture is not null) return picture;
        }
    }

    private static byte[]? TryRender(SplitMix64 random, int size)
    {
        var mapCount = 2 + random.Next(3);
        var maps = new double[mapCount][];
        var weights = new double[mapCount];
        for (var k = 0; k < mapCount; k++)
        {
            var (t1, t2) = (random.Uniform(0, 2 * Math.PI), random.Uniform(0, 2 * Math.PI));
            var (s1, s2) =
                (random.Uniform(0.25, 0.9), random.Uniform(0.25, 0.9) * (random.NextDouble() < 0.5 ? -1 : 1));
            // R(t1) · diag(s1, s2) · R(t2)
            var (c1, n1, c2, n2) = (Math.Cos(t1), Math.Sin(t1), Math.Cos(t2), Math.Sin(t2));
            var a = c1 * s1 * c2 - n1 * s2 * n2;
            var b = -c1 * s1 * n2 - n1 * s2 * c2;
            var c = n1 * s1 * c2 + c1 * s2 * n2;
            var d = -n1 * s1 * n2 + c1 * s2 * c2;
            maps[k] = [a, b, c, d, random.Uniform(-1, 1), random.Uniform(-1, 1)];
            weights[k] = Math.Abs(s1 * s2);
        }
        var total = weights.Sum();
        var xs = new double[Points];
        var ys = new double[Points];
        var tones = new double[Points];
        var (x, y, tone) = (0.0, 0.0, 0.5);
        for (var i = 0; i < Points + BurnIn; i++)
        {
            var pick = random.NextDouble() * total;
            var k = 0;
            while (k < mapCount - 1 && pick >= weights[k]) pick -= weights[k++];
            var m = maps[k];
            (x, y) = (m[0] * x + m[1] * y + m[4], m[2] * x + m[3] * y + m[5]);
            tone = 0.5 * (tone + (double)k / (mapCount - 1));
            if (i < BurnIn) continue;
            xs[i - BurnIn] = x;
            ys[i - BurnIn] = y;
            tones[i - BurnIn] = tone;
        }
        var (minX, maxX, minY, maxY) = (xs.Min(), xs.Max(), ys.Min(), ys.Max());
        var span = Math.Max(maxX - minX, maxY - minY);
        if (!(span > 1e-9)) return null;
        var hits = new int[size * size];
        var toneSum = new double[size * size];
        var scale = (size - 1) / span;
        for (var i = 0; i < Points; i++)
        {
            var px = (int)((xs[i] - minX) * scale);
            var py = (int)((ys[i] - minY) * scale);
            hits[py * size + px]++;
            toneSum[py * size + px] += tones[i];
        }
        if (hits.Count(h => h > 0) < 0.08 * size * size) return null;
        var stops = new double[3][];
        for (var s = 0; s < 3; s++) stops[s] = [random.NextDouble(), random.NextDouble(), random.NextDouble()];
        var background = new[] { random.Uniform(0, 0.25), random.Uniform(0, 0.25), random.Uniform(0, 0.25) };
        var logMax = Math.Log(1 + hits.Max());
        var rgb = new byte[size * size * 3];
        for (var p = 0; p < size * size; p++)
        {
            var brightness = hits[p] == 0 ? 0 : Math.Log(1 + hits[p]) / logMax;
            var t = hits[p] == 0 ? 0 : toneSum[p] / hits[p];
            for (var ch = 0; ch < 3; ch++)
            {
                var colour = t < 0.5
                    ? stops[0][ch] + (stops[1][ch] - stops[0][ch]) * (t * 2)
                    : stops[1][ch] + (stops[2][ch] - stops[1][ch]) * (t * 2 - 1);
                var value = background[ch] * (1 - brightness) + colour * brightness;
                rgb[p * 3 + ch] = (byte)Math.Clamp((int)(value * 255 + 0.5), 0, 255);
            }
        }
        return rgb;
    }
}
