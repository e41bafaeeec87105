using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>A sweep listing a method that builds on an earlier result is refused at validation without that
/// input.</summary>
public sealed class MethodInputSpecTests
{
    private const string Head = "dataset: fashion-mnist\nparameters:\n";

    /// <summary>An input from an earlier trial, for the methods that need one.</summary>
    private const string Input = "\"trial:c-1/best\"";

    [Theory]
    [InlineData("advbn", "method advbn needs advbn.checkpoint")]
    [InlineData("dyntta", "method dyntta needs dyntta.checkpoint")]
    [InlineData("dyntta-augment", "method dyntta-augment needs dyntta-augment.policy")]
    [InlineData("natra", "method natra needs exactly one of natra.stages")]
    [InlineData("pretrained", "method pretrained needs pretrained.checkpoint")]
    public void AMethodWithoutItsInputIsRefused(string method, string message) =>
        SpecAssert.Error(Head + $"  method: {{values: [erm, {method}]}}\n", "parameters", message);

    [Fact]
    public void NatraWithBothAStageFolderAndAClassifierIsRefused() =>
        SpecAssert.Error(Head + $"  method: {{value: natra}}\n  natra.stages: {{value: {Input}}}\n"
            + $"  natra.classifier: {{value: {Input}}}\n", "parameters", "exactly one of natra.stages");

    [Fact]
    public void DynttaEpochsBelongToTheSweep() =>
        SpecAssert.Error(Head + $"  method: {{value: dyntta}}\n  dyntta.checkpoint: {{value: {Input}}}\n"
            + "  dyntta.epochs: {value: 3}\n", "parameters.dyntta.epochs", "the sweep's 'epochs'");

    [Theory]
    [InlineData("trial:my-sweep")]
    [InlineData("trial:my-sweep/1")]
    [InlineData("trial:my sweep/00001")]
    public void AMalformedTrialReferenceIsRefused(string value) =>
        SpecAssert.Error(Head + $"  method: {{value: advbn}}\n  advbn.checkpoint: {{value: \"{value}\"}}\n",
            "parameters.advbn.checkpoint", "does not name a trial: use trial:<sweep id>/<index>");

    [Fact]
    public void DynttaCannotBeStoppedEarlyOnATestAccuracyItDoesNotReport() =>
        SpecAssert.Error(Head + $"  method: {{value: dyntta}}\n  dyntta.checkpoint: {{value: {Input}}}\n"
            + "  epochs: {value: 9}\nearly_terminate: {type: asha, metric: test_accuracy, min_iter: 1, eta: 3}\n",
            "early_terminate.metric", "use train_loss or train_accuracy");

    [Fact]
    public void MethodsWithTheirInputsAreAccepted() =>
        Assert.Empty(SweepSpecParser.Parse(Head + $$"""
              method: {values: [advbn, dyntta, dyntta-augment, natra, pretrained]}
              advbn.checkpoint: {value: "trial:quick-20261202-043410-a69e/00000"}
              dyntta.checkpoint: {value: "trial:fashion-mnist-quick/best"}
              dyntta-augment.policy: {value: {{SpecRuleData.ImportFolder}}/dyntta/augmentation-policy.json}
              natra.classifier: {value: {{SpecRuleData.CheckpointRoot}}/sweeps/erm-20261202-043410-a69e/00000}
              pretrained.checkpoint: {value: {{SpecRuleData.ImportFolder}}/my-wrn}
            """, rules: SpecRuleData.WithInputs()).Errors);
}
