using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Primitives;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Weather;

/// <summary>
/// Water (severities 1–3) or mud (4–5) splashes from a smoothed, thresholded N(loc, scale) liquid layer (an extra, not
/// in mCE). Water follows the reference's OpenCV chain — Canny, the 5×5 chamfer distance transform, truncation at 20,
/// 3×3 box blur, histogram equalisation, an emboss filter, another box blur — and adds pale turquoise (175, 238, 238)
/// in proportion; mud replaces pixels with brown (63, 42, 20).
/// </summary>
public sealed class Spatter(CorruptionTable table) : ICorruption
{
    private readonly (double Loc, double Scale, double Sigma, double Threshold, double Intensity, bool Mud)[]
        _parameters = table.Spatter;

    private static readonly double[,] Box3 =
        { { 1 / 9.0, 1 / 9.0, 1 / 9.0 }, { 1 / 9.0, 1 / 9.0, 1 / 9.0 }, { 1 / 9.0, 1 / 9.0, 1 / 9.0 } };
    private static readonly double[,] Ones3 = { { 1, 1, 1 }, { 1, 1, 1 }, { 1, 1, 1 } };
    private static readonly double[,] Emboss = { { -2, -1, 0 }, { -1, 1, 1 }, { 0, 1, 2 } };

    public string Name => "spatter";
    public CorruptionFamily Family => CorruptionFamily.Weather;
    public bool IsBenchmark => false;
    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var p = Severity.Pick(_parameters, severity);
        using var scope = NewDisposeScope();
        var (n, h, w) = (images.shape[0], images.shape[2], images.shape[3]);
        var x = Pixels.ToUnit(images);
        var liquid = randn([n, h, w], ScalarType.Float32, images.device, generator: generator).mul_(p.Scale)
            .add_(p.Loc);
        liquid = GaussianFilter.Apply(liquid, p.Sigma);
        liquid = liquid.masked_fill(liquid < p.Threshold, 0);
        var result = p.Mud ? Mud(x, liquid, p.Threshold, p.Intensity) : Water(x, liquid, p.Intensity);
        return result.clamp_(0, 1).MoveToOuterDisposeScope();
    }

    internal static Tensor Water(Tensor x, Tensor liquid, double intensity)
    {
        var liquidBytes = liquid.mul(255).floor_().clamp_(0, 255);
        var edges = CannyEdges.Detect(liquidBytes, 50, 150);
        var dist = DistanceTransform.ChamferL2Mask5(edges).clamp_max_(20);
        dist = BlurDistances(dist);
        dist = HistogramEqualizer.Equalize(dist.to_type(ScalarType.Int64)).to_type(ScalarType.Float32);
        dist = Filter2d.Correlate(dist, Emboss, Border.Reflect101).round_().clamp_(0, 255);
        dist = Filter2d.Correlate(dist, Box3, Border.Reflect101).round_();
        var m = liquidBytes * dist;
        var max = m.amax([1, 2], keepdim: true);
        // An image without any liquid has max 0; the reference would divide by zero, here it simply stays clean.
        m = where(max > 0, m / max.clamp_min(1e-12), zeros_like(m)).mul_(intensity).unsqueeze(1);
        var colour = tensor(new[] { 175f / 255, 238f / 255, 238f / 255 }, device: x.device).reshape(1, 3, 1, 1);
        return x + m * colour;
    }

    /// <summary>
    /// cv2.blur of float32 distances, then astype(uint8): OpenCV sums the 3×3 window in float64 and scales by 1/9
    /// before rounding to float32. The distances are multiples of 2⁻¹⁶ below 21, so the float64 sum is exact in any
    /// order; a float32 sum of ninths can fall just below a whole-number mean and truncate one level low.
    /// </summary>
    internal static Tensor BlurDistances(Tensor dist)
    {
        using var scope = NewDisposeScope();
        var sum = Filter2d.Correlate(dist.to_type(ScalarType.Float64), Ones3, Border.Reflect101);
        return sum.mul_(1 / 9.0).to_type(ScalarType.Float32).floor_().MoveToOuterDisposeScope();
    }

    private static Tensor Mud(Tensor x, Tensor liquid, double threshold, double intensity)
    {
        var mask = (liquid > threshold).to_type(ScalarType.Float32);
        var m = GaussianFilter.Apply(mask, intensity);
        m = m.masked_fill(m < 0.8, 0).unsqueeze(1);
        var colour = tensor(new[] { 63f / 255, 42f / 255, 20f / 255 }, device: x.device).reshape(1, 3, 1, 1);
        return x * (1 - m) + colour * m;
    }
}
