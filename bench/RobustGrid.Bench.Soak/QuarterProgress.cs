using System.Globalization;

namespace RobustGrid.Bench.Soak;

/// <summary>
/// Prints each quarter's resident memory as soon as its trials are done, so that a long soak stopped early still
/// leaves the figures of the quarters it finished in its log.
/// </summary>
internal sealed class QuarterProgress(string grid, int trials)
{
    private readonly List<MemorySample> _current = [];
    private int _quarter;
    private double _quarterStart;

    public void Add(MemorySample sample)
    {
        if (_quarter >= 4) return;
        _current.Add(sample);
        if (sample.Completed < trials * (_quarter + 1) / 4) return;
        var done = sample.Completed - trials * _quarter / 4;
        var seconds = sample.Seconds - _quarterStart;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {grid}: quarter {_quarter + 1} done ({sample.Completed} trials, {sample.Seconds:F0} s): resident " +
            $"mean {_current.Average(s => s.ResidentBytes) / 1e6:F0} MB, " +
            $"peak {_current.Max(s => s.ResidentBytes) / 1e6:F0} MB; {done / seconds:F3} trials/s"));
        _current.Clear();
        _quarterStart = sample.Seconds;
        _quarter++;
    }
}
