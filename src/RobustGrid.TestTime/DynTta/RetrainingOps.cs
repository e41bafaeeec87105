using RobustGrid.TestTime.Operations;

namespace RobustGrid.TestTime.DynTta;

/// <summary>
/// The official retraining's PIL op (CUB_dataset/augmix.py) behind each of DynTTA's operations, and the top k of them
/// for a shift. An op's weight is the sum of its operations' mean weights: the 19 low-pass radii are one LPF and the
/// 19 high-pass radii one HPF, because the PIL op draws its own radius, as every op draws its own level. URIE has no
/// op: it is an enhancer network, not an augmentation.
/// </summary>
public static class RetrainingOps
{
    /// <summary>The op that applies catalogue operation <paramref name="operation"/>; null for URIE.</summary>
    public static string? For(int operation) => operation switch
    {
        OperationCatalog.Rotate => "rotate",
        OperationCatalog.Scale => "scale",
        OperationCatalog.Saturation => "color",
        OperationCatalog.Contrast => "contrast",
        OperationCatalog.Sharpness => "sharpness",
        OperationCatalog.Brightness => "brightness",
        OperationCatalog.AutoContrast => "autocontrast",
        OperationCatalog.Hue => "hue",
        OperationCatalog.Equalize => "equalize",
        OperationCatalog.Invert => "invert",
        OperationCatalog.Gamma => "gamma",
        OperationCatalog.Urie => null,
        < OperationCatalog.FirstHighPass => "LPF",
        _ => "HPF",
    };

    /// <summary>How many different ops DynTTA's operations map to.</summary>
    public static int Count =>
        Enumerable.Range(0, OperationCatalog.Count).Select(For).OfType<string>().Distinct().Count();

    /// <summary>
    /// The <paramref name="k"/> ops of largest summed weight, largest first; equal weights keep catalogue order.
    /// </summary>
    /// <param name="weights">Mean weights in catalogue order, as an <see cref="AugmentationPolicy"/> stores
    /// them.</param>
    public static IReadOnlyList<string> Top(IReadOnlyList<double> weights, int k)
    {
        if (weights.Count != OperationCatalog.Count)
            throw new InvalidDataException(
                $"augmentation policy has {weights.Count} weights; DynTTA has {OperationCatalog.Count} operations");
        var sums = new Dictionary<string, double>();
        var order = new List<string>();
        for (var i = 0; i < weights.Count; i++)
        {
            if (For(i) is not { } op) continue;
            if (!sums.ContainsKey(op)) order.Add(op);
            sums[op] = sums.GetValueOrDefault(op) + weights[i];
        }
        return order.OrderByDescending(op => sums[op]).Take(k).ToList();
    }
}
