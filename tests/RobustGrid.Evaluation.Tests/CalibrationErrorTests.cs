using RobustGrid.Evaluation.Scoring;

namespace RobustGrid.Evaluation.Tests;

/// <summary>
/// ECE and the RMS calibration error against values printed by Fixtures/calibration_reference.py (plain python3: the
/// reference calib_err of AugMix/PixMix written with lists, and ECE from its definition). The arrays are that
/// script's integer formulas, repeated here.
/// </summary>
public sealed class CalibrationErrorTests
{
    private static (double[] Confidence, bool[] Correct) Spread(int n)
    {
        var confidence = Enumerable.Range(0, n).Select(i => ((i * 7919) % 1009 + 1) / 1010.0).ToArray();
        return (confidence, Enumerable.Range(0, n).Select(i => (i * 104729) % 1000 < 900 * confidence[i]).ToArray());
    }

    private static (double[] Confidence, bool[] Correct) Confident(int n) =>
        (Enumerable.Range(0, n).Select(i => 0.5 + ((i * 37) % 101) / 202.0).ToArray(),
            Enumerable.Range(0, n).Select(i => (i * 13) % 7 < 5).ToArray());

    private static (double[] Confidence, bool[] Correct) Tied(int n)
    {
        double[] levels = [0.6, 0.75, 0.9];
        return (Enumerable.Range(0, n).Select(i => levels[i % 3]).ToArray(),
            Enumerable.Range(0, n).Select(i => (i * 11) % 5 < 3).ToArray());
    }

    private static readonly double[] Edges =
        [0.0, 1.0 / 15, 2.0 / 15, 0.2, 4.0 / 15, 1.0 / 3, 0.4, 7.0 / 15, 8.0 / 15, 0.6, 2.0 / 3, 11.0 / 15, 0.8,
            13.0 / 15, 14.0 / 15, 1.0];

    public static TheoryData<string, int, int, double> RmsCases => new()
    {
        // calibration_reference.py output, "rms NAME n=N beta=B: VALUE".
        { "spread", 1037, 100, 0.052266446814482795 },
        { "spread", 250, 100, 0.007288893458289015 },
        { "spread", 199, 100, 0.0 },
        { "spread", 150, 100, 0.0 },
        { "confident", 250, 100, 0.08456744514965135 },
        { "confident", 420, 100, 0.09256110181416669 },
        { "tied", 300, 100, 0.08660254037844388 },
        { "tied", 1000, 100, 0.1657109682549714 },
        { "spread", 1037, 15, 0.2222140146777384 },
        { "spread", 1037, 1, 0.42947826172954773 },
    };

    [Theory]
    [MemberData(nameof(RmsCases))]
    public void RmsCalibrationErrorMatchesTheReferenceCalibErr(string name, int n, int beta, double expected)
    {
        var (confidence, correct) = Arrays(name, n);
        Assert.Equal(expected, RmsCalibrationError.Of(confidence, correct, beta), 1e-15);
    }

    [Fact]
    public void RmsSumsEveryBinButTheLastAsTheReferenceDoes()
    {
        // Two bins of 100 (β = 100): the first perfectly calibrated, the last (where the reference's loop stops short)
        // off by 0.5. Summing the last bin too would give sqrt(0.5 · 0.25).
        var confidence = Enumerable.Repeat(0.5, 100).Concat(Enumerable.Repeat(1.0, 100)).ToArray();
        var correct = Enumerable.Range(0, 200).Select(i => i % 2 == 0).ToArray();
        Assert.Equal(0.0, RmsCalibrationError.Of(confidence, correct));
        // Fewer samples than one bin: the reference fails; here the number is undefined.
        Assert.True(double.IsNaN(RmsCalibrationError.Of(confidence.AsSpan(0, 99), correct.AsSpan(0, 99))));
        Assert.True(double.IsNaN(RmsCalibrationError.Of([.. confidence[..199], double.NaN], correct)));
    }

    public static TheoryData<string, int, double> EceCases => new()
    {
        // calibration_reference.py output, "ece NAME n=N: VALUE".
        { "spread", 1037, 0.05910996114076213 },
        { "confident", 250, 0.13889108910891096 },
        { "tied", 300, 0.1500000000000006 },
        { "edges", 64, 0.4916666666666667 },
    };

    [Theory]
    [MemberData(nameof(EceCases))]
    public void EceWith15BinsMatchesTheDefinition(string name, int n, double expected)
    {
        var (confidence, correct) = Arrays(name, n);
        Assert.Equal(expected, ExpectedCalibrationError.Of(confidence, correct), 1e-15);
    }

    [Fact]
    public void AConfidenceOnABinEdgeBelongsToTheBinBelow()
    {
        // calibration_reference.py output, "edge bins": b/15 is in bin b - 1; 0 is in bin 0.
        int[] expected = [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
        Assert.Equal(expected, Edges.Select(c => ExpectedCalibrationError.BinOf(c)));
        // Just above an edge is the bin above.
        Assert.Equal(3, ExpectedCalibrationError.BinOf(Math.BitIncrement(0.2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedCalibrationError.BinOf(1.5));
        Assert.True(double.IsNaN(ExpectedCalibrationError.Of([], [])));
    }

    private static (double[] Confidence, bool[] Correct) Arrays(string name, int n) => name switch
    {
        "spread" => Spread(n),
        "confident" => Confident(n),
        "tied" => Tied(n),
        "edges" => (Enumerable.Range(0, n).Select(i => Edges[i % 16]).ToArray(),
            Enumerable.Range(0, n).Select(i => (i * 7) % 4 < 2 + i % 2).ToArray()),
        _ => throw new ArgumentException(name),
    };
}
