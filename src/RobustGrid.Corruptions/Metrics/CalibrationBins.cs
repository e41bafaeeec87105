namespace RobustGrid.Corruptions.Metrics;

/// <summary>
/// Running tally for accuracy and expected calibration error: predictions go into 15 equal-width confidence bins
/// (lower, upper], and ECE = Σ_b (|B_b|/n)·|accuracy_b − mean confidence_b| (Guo et al. 2017; the usual 15 bins).
/// </summary>
public sealed class CalibrationBins(int bins = CalibrationBins.DefaultBins)
{
    public const int DefaultBins = 15;

    private readonly long[] counts = new long[bins];
    private readonly long[] correct = new long[bins];
    private readonly double[] confidenceSums = new double[bins];

    public long Count { get; private set; }
    public long Errors { get; private set; }
    public double Error => Count == 0 ? double.NaN : (double)Errors / Count;

    public void Add(double confidence, bool isCorrect)
    {
        if (confidence is < 0 or > 1 || double.IsNaN(confidence))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must be a probability in [0, 1]");
        var bin = Math.Clamp((int)Math.Ceiling(confidence * counts.Length) - 1, 0, counts.Length - 1);
        counts[bin]++;
        confidenceSums[bin] += confidence;
        if (isCorrect) correct[bin]++;
        Count++;
        if (!isCorrect) Errors++;
    }

    public double ExpectedCalibrationError()
    {
        if (Count == 0) return double.NaN;
        var ece = 0.0;
        for (var b = 0; b < counts.Length; b++)
        {
            if (counts[b] == 0) continue;
            var accuracy = (double)correct[b] / counts[b];
            var confidence = confidenceSums[b] / counts[b];
            ece += (double)counts[b] / Count * Math.Abs(accuracy - confidence);
        }
        return ece;
    }
}
