using System.Diagnostics;
using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A spec's path-valued parameters name another trial or a path inside the grid's input folders, and nothing else: the
/// refusal names the field and is the same whether the file exists or not, because the check never looks. Sweep names
/// and trial references are read strictly, so none of them leads out of its folder.
/// </summary>
public sealed class InputSandboxSpecTests
{
    private const string OneEpoch = "dataset: fashion-mnist\nparameters:\n  epochs: {value: 1}\n";

    /// <summary>Every path-valued parameter a sweep takes, as "method.name".</summary>
    public static TheoryData<string> PathParameters => [.. MethodCatalog.Names.Select(MethodCatalog.Describe)
        .SelectMany(m => m.Parameters.Concat(m.SweepOnly).OfType<PathSetting>().Select(p => $"{m.Name}.{p.Name}"))];

    private static IReadOnlyList<SpecError> Errors(string parameter, string value) => SweepSpecParser.Parse(
        $"dataset: fashion-mnist\nparameters:\n  {parameter}: {{value: \"{value}\"}}\n",
        rules: SpecRuleData.WithInputs()).Errors;

    [Theory]
    [MemberData(nameof(PathParameters))]
    public void APathOutsideTheInputFoldersIsRefusedAlikeWhetherItExistsOrNot(string parameter)
    {
        const string Imports = SpecRuleData.ImportFolder;
        string[] outside =
        [
            "/etc/hostname", "/etc/shadow", "/etc/no-such-file", "relative/run", "../run",
            $"{Imports}/../../etc/hostname", $"{Imports}/./a", $"{Imports}//a", Imports, $"{Imports}-other/a",
            $"{SpecRuleData.CheckpointRoot}/a\\nb", Imports + "/" + new string('a', InputSandbox.MaxPathLength),
        ];
        var refusals = outside
            .Select(value => Errors(parameter, value).Single(e => e.Path == $"parameters.{parameter}")).ToList();
        Assert.All(refusals, r => Assert.Equal(MethodInputRules.InputUsage, r.Message));
        Assert.All(refusals, r => Assert.DoesNotContain("/etc", r.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PathParameters))]
    public void TrialReferencesAndPathsInsideTheInputFoldersAreAccepted(string parameter)
    {
        string[] inside =
        [
            "trial:quick-20261202-043410-a69e/00000", "trial:quick/best",
            $"{SpecRuleData.ImportFolder}/runs/erm/checkpoint.rgck", $"{SpecRuleData.CheckpointRoot}/sweeps/s-1/00000",
        ];
        Assert.All(inside, value =>
            Assert.DoesNotContain(Errors(parameter, value), e => e.Path == $"parameters.{parameter}"));
    }

    [Fact]
    public void AWordThatIsNotAPathIsAcceptedWhereTheSettingKnowsIt() =>
        Assert.DoesNotContain(Errors("ipmix.mixing_set", IpMixInfo.Fractals),
            e => e.Path == "parameters.ipmix.mixing_set");

    [Fact]
    public void WithoutInputFoldersOnlyTrialReferencesAreInputs()
    {
        var errors = SpecAssert.Errors("dataset: fashion-mnist\nparameters:\n  advbn.checkpoint: {value: /home/run}\n");
        Assert.Contains(errors, e =>
            e is { Path: "parameters.advbn.checkpoint", Message: MethodInputRules.InputUsage });
    }

    [Fact]
    public async Task TheCheckNeverOpensTheFileItIsGiven()
    {
        // Opening a FIFO for reading waits for a writer: a check that opened it would not return.
        var folder = TestData.NewScratchFolder("fifo-");
        var fifo = Path.Combine(folder, "input");
        using (var mkfifo = Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        Assert.True(File.Exists(fifo));
        var rules = new SpecRules(new(), new InputSandbox([folder]));
        var spec = $"dataset: fashion-mnist\nparameters:\n  advbn.checkpoint: {{value: {fifo}}}\n";
        var check = Task.Run(() => SweepSpecParser.Parse(spec, rules: rules));
        var (_, errors) = await check.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(errors, e => e.Path == "parameters.advbn.checkpoint");
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("trial:../00000")]
    [InlineData("trial:./00000")]
    [InlineData("trial:.hidden/00000")]
    [InlineData("trial:a/../b/00000")]
    [InlineData("trial:a//00000")]
    [InlineData("trial:/00000")]
    [InlineData("trial:../best")]
    [InlineData("trial:a/b/best")]
    [InlineData("trial:a\\b/00000")]
    public void AReferenceThatLeadsOutOfItsFolderIsRefused(string value)
    {
        Assert.False(TrialReference.TryParse(value, out _));
        SpecAssert.Error($"dataset: fashion-mnist\nparameters:\n  advbn.checkpoint: {{value: \"{value}\"}}\n",
            "parameters.advbn.checkpoint", "does not name a trial");
    }

    [Fact]
    public void AReferenceWithAnOverlongSweepIdIsRefused() =>
        Assert.False(TrialReference.TryParse($"trial:{new string('a', 200)}/00000", out _));

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("a\\\\b")]
    [InlineData("a b")]
    public void ASweepNameThatIsNotOneFolderIsRefused(string name) =>
        SpecAssert.Error($"name: \"{name}\"\n{OneEpoch}", "name", "use letters, digits");

    [Fact]
    public void ASweepNameIsBounded() =>
        SpecAssert.Error($"name: {new string('a', SweepSpecParser.MaxNameLength + 1)}\n{OneEpoch}",
            "name", $"at most {SweepSpecParser.MaxNameLength} characters");
}
