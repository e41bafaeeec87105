using RobustGrid.Catalog.Methods;

namespace RobustGrid.Training.Checkpoints;

/// <summary>Where an evaluation-only checkpoint's weights came from: the file as given and its content's
/// SHA-256 (hex), which identifies the weights wherever the file is moved.</summary>
public sealed record ImportedWeights(string SourceFile, string Sha256, string Format)
{
    /// <summary>The method imported checkpoints name: they were trained elsewhere, by whatever method.</summary>
    public const string MethodName = PretrainedInfo.Name;

    /// <summary>The hash as the command line shows it: enough hex digits to tell files apart at a glance.</summary>
    public static string Short(string sha256) => $"sha256 {sha256[..12]}";
}
