namespace RobustGrid.Corruptions.Tests.Fidelity;

/// <summary>Mean and max absolute difference between two uint8 buffers of equal length, plus the share that
/// differs.</summary>
internal sealed record PixelDifference(double MeanAbs, int Max, double FractionDifferent)
{
    public static PixelDifference Between(ReadOnlySpan<byte> ours, ReadOnlySpan<byte> reference)
    {
        if (ours.Length != reference.Length)
            throw new ArgumentException($"lengths differ: {ours.Length} vs {reference.Length}");
        long sum = 0;
        var max = 0;
        var different = 0;
        for (var i = 0; i < ours.Length; i++)
        {
            var d = Math.Abs(ours[i] - reference[i]);
            sum += d;
            if (d > max) max = d;
            if (d != 0) different++;
        }
        return new PixelDifference((double)sum / ours.Length, max, (double)different / ours.Length);
    }

    public override string ToString() => $"mean |Δ| {MeanAbs:F4}, max |Δ| {Max}, differing {FractionDifferent:P2}";
}
