namespace RobustGrid.NaTra;

/// <summary>What stages 1 to 4 produced, written as natra-report.json in the stage folder.</summary>
public sealed record NaTraReport
{
    public const string FileName = "natra-report.json";

    public required NaTraOptions Options { get; init; }
    public required GanStageState Gan { get; init; }
    public required InversionReport Inversion { get; init; }
    public required ExpansionReport Expansion { get; init; }
    /// <summary>Stage 3's expansion of the training images, which stage 5 renders x′ from by default.</summary>
    public ExpandedCodeState? TrainingExpansion { get; init; }
    public required List<DirectionReport> Directions { get; init; }
    public required double DirectionsSeconds { get; init; }
}

/// <summary>Stage 2: per-pixel MSE (generator domain [-1, 1]) over the cached training codes.</summary>
public sealed record InversionReport(int Images, double EncoderError, double RefinedError, double Seconds)
{
    public const string FileName = "stage2-report.json";
}

/// <summary>
/// Stage 3 on a subset: encoder only, refined (stage 2), refined for as many more single-code steps as the expansion
/// gets (the fair comparison), and expanded.
/// </summary>
public sealed record ExpansionReport(int Images, int Codes, int Layer, double EncoderError, double RefinedError,
    double RefinedLongerError, double ExpandedError, double Seconds)
{
    public const string FileName = "stage3-report.json";
}
