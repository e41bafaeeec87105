using System.Globalization;
using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The spec check validates every method hyperparameter at launch against the catalog: a misspelled key is refused
/// naming the known ones, a value out of range naming the range, before any trial runs.
/// </summary>
public sealed class MethodHyperparameterSpecTests
{
    public static TheoryData<string> Methods => [.. MethodCatalog.Names];

    /// <summary>The methods with a hyperparameter that has a range (pretrained's only setting is its input).</summary>
    public static TheoryData<string> RangedMethods => [.. MethodCatalog.Names.Where(m =>
        MethodCatalog.Describe(m).Parameters.Select(Bad).Any(b => b.Value is not null))];

    /// <summary>An input from an earlier trial, for the methods that need one.</summary>
    private const string Input = "\"trial:first-20261201-000000-0000/00000\"";

    /// <summary>A spec that lists <paramref name="method"/> with its required input and the given extra
    /// parameter.</summary>
    private static string Spec(string method, string key, string value)
    {
        var input = MethodCatalog.Describe(method).RequiredInput is { } required
            ? $"  {method}.{required[..required.IndexOf(':')]}: {{value: {Input}}}\n"
            : "";
        if (method == "natra") input = $"  natra.stages: {{value: {Input}}}\n";
        return $"dataset: fashion-mnist\nparameters:\n  method: {{value: {method}}}\n{input}  {method}.{key}: " +
            $"{{value: \"{value}\"}}\n";
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void AMisspelledHyperparameterIsRefusedNamingTheKnownOnes(string method)
    {
        var known = MethodCatalog.Describe(method).Parameters.First(p => p.Name != "epochs" && p.Name != "seed").Name;
        var misspelled = known + "x";
        SpecAssert.Error(Spec(method, misspelled, "1"), $"parameters.{method}.{misspelled}",
            $"has no setting '{misspelled}'; known: ");
        SpecAssert.Error(Spec(method, misspelled, "1"), $"parameters.{method}.{misspelled}", known);
    }

    [Theory]
    [MemberData(nameof(RangedMethods))]
    public void AHyperparameterOutOfRangeIsRefusedNamingTheRange(string method)
    {
        var info = MethodCatalog.Describe(method);
        var (name, bad, expected) = info.Parameters.Where(p => !info.NotInSweeps.ContainsKey(p.Name)).Select(Bad)
            .First(b => b.Value is not null);
        SpecAssert.Error(Spec(method, name, bad!), $"parameters.{method}.{name}", expected);
    }

    /// <summary>A value the setting refuses, and what the error says about it (null for free text, which takes
    /// any).</summary>
    private static (string Name, string? Value, string Expected) Bad(Setting setting) => setting switch
    {
        IntSetting i =>
            (i.Name, (i.Max + 1).ToString(CultureInfo.InvariantCulture), $"is out of range; accepted: {i.Range}"),
        DoubleSetting d =>
            (d.Name, (d.Max * 2 + 1).ToString(CultureInfo.InvariantCulture), $"is out of range; accepted: {d.Range}"),
        ChoiceSetting c => (c.Name, "no-such-choice", $"is unknown; accepted: {c.Range}"),
        BoolSetting b => (b.Name, "maybe", "is not a boolean"),
        _ => (setting.Name, null, ""),
    };

    [Fact]
    public void TheExamplesOfTheIssueAreRefused()
    {
        SpecAssert.Error(Spec("augmix", "widht", "3"), "parameters.augmix.widht",
            "has no setting 'widht'; known: severity, width");
        SpecAssert.Error(Spec("augmix", "width", "0"), "parameters.augmix.width",
            "width = '0' is out of range; accepted: [1, 10]");
    }

    [Fact]
    public void StageOptionsAreCheckedAsTheStageCommandsCheckThem()
    {
        const string head = $"dataset: fashion-mnist\nparameters:\n  method: {{value: natra}}\n" +
                            $"  natra.classifier: {{value: {Input}}}\n";
        SpecAssert.Error(head + "  natra.stage.gan-epoch: {value: 1}\n", "parameters.natra.stage.gan-epoch",
            "has no setting 'gan-epoch'");
        SpecAssert.Error(head + "  natra.stage.expansion-layer: {value: 3}\n", "parameters.natra.stage.expansion-layer",
            "is out of range; accepted: [1, 2]");
        Assert.Empty(SpecAssert.Errors(head + "  natra.stage.gan-epochs: {values: [1, 2]}\n"));
        const string dyntta = $"dataset: fashion-mnist\nparameters:\n  method: {{value: dyntta}}\n" +
                              $"  dyntta.checkpoint: {{value: {Input}}}\n";
        SpecAssert.Error(dyntta + "  dyntta.mode: {value: deaf}\n", "parameters.dyntta.mode",
            "is unknown; accepted: non-blind|blind");
        SpecAssert.Error(dyntta + "  dyntta.lr: {distribution: uniform, min: 0.1, max: 20}\n",
            "parameters.dyntta.lr.distribution", "outside its range");
    }

    [Fact]
    public void TrainingSettingsOutOfRangeAreRefusedBeforeAnyTrialRuns()
    {
        const string head = "dataset: fashion-mnist\nparameters:\n";
        SpecAssert.Error(head + "  epochs: {value: 1000000000}\n", "parameters.epochs",
            "is out of range; accepted: [1, 10000]");
        SpecAssert.Error(head + "  momentum: {values: [0.9, 1.5]}\n", "parameters.momentum",
            "momentum = '1.5' is out of range");
        SpecAssert.Error(head + "  learning_rate_step_epochs: {value: -1}\n", "parameters.learning_rate_step_epochs",
            "is out of range");
        Assert.Empty(SpecAssert.Errors(head + "  learning_rate_step_epochs: {value: " +
            "10}\n  learning_rate_step_factor: {value: 0.5}\n  nesterov: {value: false}\n"));
    }
}
