namespace RobustGrid.Grid.Hosting.WebConsole.Charts;

/// <summary>Maps data values onto a span of pixels; a range with no width is widened so every point still lands
/// inside.</summary>
internal readonly record struct Axis(double Min, double Max, double From, double To)
{
    public static Axis Over(IEnumerable<double> values, double from, double to, bool fromZero = false)
    {
        var finite = values.Where(double.IsFinite).ToList();
        var min = finite.Count == 0 ? 0 : finite.Min();
        var max = finite.Count == 0 ? 1 : finite.Max();
        if (fromZero) min = Math.Min(0, min);
        if (max - min < 1e-12) (min, max) = (min - 0.5, max + 0.5);
        var pad = (max - min) * 0.05;
        return new Axis(fromZero && min == 0 ? 0 : min - pad, max + pad, from, to);
    }

    public double Map(double value) => From + (value - Min) / (Max - Min) * (To - From);

    /// <summary>Five evenly spaced values for tick labels.</summary>
    public IEnumerable<double> Ticks()
    {
        for (var i = 0; i <= 4; i++) yield return Min + (Max - Min) * i / 4;
    }
}
