namespace RobustGrid.Grid.Grains.Sampling;

/// <summary>A truncated Gaussian mixture: one kernel per observation plus a wide prior kernel over the range.</summary>
internal sealed class Parzen
{
    private readonly double[] _mus;
    private readonly double[] _sigmas;
    private readonly double _low;
    private readonly double _high;

    private Parzen(double[] mus, double[] sigmas, double low, double high)
    {
        _mus = mus;
        _sigmas = sigmas;
        _low = low;
        _high = high;
    }

    public static Parzen Build(List<double> points, double low, double high)
    {
        var range = high - low;
        var mus = new List<double> { (low + high) / 2 };
        var sigmas = new List<double> { range };
        // Scott-like bandwidth that shrinks as observations accumulate, bounded below so kernels never collapse.
        var bandwidth = Math.Max(range / Math.Pow(1 + points.Count, 0.2) / 2, range / 100);
        foreach (var x in points)
        {
            mus.Add(Math.Clamp(x, low, high));
            sigmas.Add(bandwidth);
        }
        return new Parzen([.. mus], [.. sigmas], low, high);
    }

    public double Sample(Random rng)
    {
        var k = rng.Next(_mus.Length);
        for (var tries = 0; tries < 100; tries++)
        {
            var x = _mus[k] + _sigmas[k] * ParameterValues.Gaussian(rng);
            if (x >= _low && x <= _high) return x;
        }
        return Math.Clamp(_mus[k], _low, _high);
    }

    public double LogDensity(double x)
    {
        var total = 0.0;
        for (var i = 0; i < _mus.Length; i++)
        {
            var z = (x - _mus[i]) / _sigmas[i];
            total += Math.Exp(-0.5 * z * z) / _sigmas[i];
        }
        return Math.Log(total / _mus.Length + 1e-300);
    }
}
