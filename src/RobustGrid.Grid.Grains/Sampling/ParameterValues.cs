using System.Globalization;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Grains.Sampling;

/// <summary>Draws and formats parameter values; numeric kinds work in an "internal" space (log space for log
/// kinds).</summary>
internal static class ParameterValues
{
    public static string Format(ParameterSpec p, double value) => p.Kind switch
    {
        ParameterKind.IntUniform => ((long)Math.Round(value)).ToString(CultureInfo.InvariantCulture),
        _ => value.ToString("G6", CultureInfo.InvariantCulture),
    };

    /// <summary>Bounds of the internal space.</summary>
    public static (double Low, double High) Bounds(ParameterSpec p) => p.Kind switch
    {
        ParameterKind.LogUniform => (p.Min, p.Max),
        ParameterKind.LogUniformValues => (Math.Log(p.Min), Math.Log(p.Max)),
        ParameterKind.Normal => (p.Min - 4 * p.Max, p.Min + 4 * p.Max), // Min = mu, Max = sigma
        ParameterKind.IntUniform => (p.Min - 0.5, p.Max + 0.5),
        _ => (p.Min, p.Max),
    };

    public static double ToValue(ParameterSpec p, double internalValue)
    {
        var v = p.Kind switch
        {
            ParameterKind.LogUniform or ParameterKind.LogUniformValues => Math.Exp(internalValue),
            ParameterKind.IntUniform => Math.Clamp(Math.Round(internalValue), p.Min, p.Max),
            _ => internalValue,
        };
        if (p.Kind == ParameterKind.QUniform) v = Math.Clamp(Math.Round(v / p.Q) * p.Q, p.Min, p.Max);
        return v;
    }

    public static double ToInternal(ParameterSpec p, string text)
    {
        var v = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return p.Kind is ParameterKind.LogUniform or ParameterKind.LogUniformValues
            ? Math.Log(Math.Max(v, double.Epsilon)) : v;
    }

    public static string Draw(ParameterSpec p, Random rng)
    {
        switch (p.Kind)
        {
            case ParameterKind.Constant:
                return p.Values[0];
            case ParameterKind.Categorical:
                return p.Values[rng.Next(p.Values.Count)];
            case ParameterKind.Normal:
                return Format(p, p.Min + p.Max * Gaussian(rng));
            case ParameterKind.IntUniform:
                return Format(p, rng.NextInt64((long)p.Min, (long)p.Max + 1));
            default:
                var (low, high) = Bounds(p);
                return Format(p, ToValue(p, low + rng.NextDouble() * (high - low)));
        }
    }

    /// <summary>Whether a value (from an earlier sweep, or a parent) lies in this parameter's space.</summary>
    public static bool Admits(ParameterSpec p, string value)
    {
        if (p.Kind is ParameterKind.Constant or ParameterKind.Categorical) return p.Values.Contains(value);
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number) || number <= 0 && p.Kind is ParameterKind.LogUniform
                or ParameterKind.LogUniformValues) return false;
        if (p.Kind == ParameterKind.Normal) return true;
        var x = ToInternal(p, value);
        var (low, high) = Bounds(p);
        // Values are stored to six significant digits, which may put a bound's value a hair outside.
        var slack = (high - low) * 1e-5;
        return x >= low - slack && x <= high + slack;
    }

    public static double Gaussian(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
