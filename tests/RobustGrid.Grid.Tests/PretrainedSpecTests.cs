using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A sweep with evaluation-only trials (method pretrained) names the checkpoint to score, and only one the grid may
/// read: another trial's result or a file inside its input folders, checked exactly as the other methods' inputs.
/// </summary>
public sealed class PretrainedSpecTests
{
    private const string Head = "dataset: fashion-mnist\nparameters:\n  method: {values: [erm, pretrained]}\n";

    private static IReadOnlyList<SpecError> Errors(string checkpoint) => SweepSpecParser.Parse(
        Head + $"  pretrained.checkpoint: {{value: \"{checkpoint}\"}}\n", rules: SpecRuleData.WithInputs()).Errors;

    [Fact]
    public void WithoutItsCheckpointTheSweepIsRefusedNamingTheField()
    {
        var error = Assert.Single(SweepSpecParser.Parse(Head, rules: SpecRuleData.WithInputs()).Errors);
        Assert.Equal("parameters", error.Path);
        Assert.Contains("pretrained.checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc/hostname")]
    [InlineData("models/my-wrn")]
    [InlineData(SpecRuleData.ImportFolder + "/../etc/my-wrn")]
    public void ACheckpointOutsideTheInputFoldersIsRefused(string checkpoint)
    {
        var error = Assert.Single(Errors(checkpoint));
        Assert.Equal(("parameters.pretrained.checkpoint", MethodInputRules.InputUsage), (error.Path, error.Message));
    }

    [Theory]
    [InlineData(SpecRuleData.ImportFolder + "/my-wrn")]
    [InlineData(SpecRuleData.CheckpointRoot + "/sweeps/quick-20261202-043410-a69e/00000")]
    [InlineData("trial:quick-20261202-043410-a69e/00000")]
    public void ACheckpointInsideTheInputFoldersOrAnotherTrialIsAccepted(string checkpoint) =>
        Assert.Empty(Errors(checkpoint));
}
