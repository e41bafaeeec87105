using RobustGrid.NaTra.Generative;
using static TorchSharp.torch;

namespace RobustGrid.NaTra;

/// <summary>One closed-form direction and whether it is class-independent on held-out data.</summary>
public sealed record DirectionReport(int Index, double Eigenvalue, double LabelFlipRate, bool Kept);

/// <summary>
/// Keeps the directions whose moves by ±bound leave the classifier's prediction unchanged on held-out images
/// (at most <see cref="NaTraOptions.MaxLabelFlip"/> of predictions change): the "class-independent attributes". When
/// none qualifies, the one with the lowest flip rate is kept so training still has a direction (and the report says
/// so).
/// </summary>
internal static class DirectionSelection
{
    public static List<DirectionReport> Select(DcganGenerator generator, Func<Tensor, Tensor> classifierOnUnitImages,
        Tensor unitImages, Tensor codes, Tensor directions, double[] eigenvalues, NaTraOptions options,
        TransformMode mode)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var count = unitImages.shape[0];
        var reference = classifierOnUnitImages(unitImages).argmax(1);
        var reports = new List<DirectionReport>();
        for (var k = 0; k < directions.shape[0]; k++)
        {
            using var inner = NewDisposeScope();
            var direction = directions[k].unsqueeze(0).expand(count, -1);
            var flips = 0.0;
            foreach (var sign in new[] { -1.0, 1.0 })
            {
                var magnitudes = full([count], sign * options.Bound, device: unitImages.device);
                var moved = NaturalTransform.Apply(generator, unitImages, codes, direction, magnitudes, mode);
                flips +=
                    classifierOnUnitImages(moved).argmax(1).ne(reference).to(ScalarType.Float32).mean().item<float>();
            }
            var rate = flips / 2;
            reports.Add(new DirectionReport(k, eigenvalues[k], rate, rate <= options.MaxLabelFlip));
        }
        if (!reports.Any(r => r.Kept))
        {
            var best = reports.MinBy(r => r.LabelFlipRate)!;
            reports[best.Index] = best with { Kept = true };
        }
        return reports;
    }
}
