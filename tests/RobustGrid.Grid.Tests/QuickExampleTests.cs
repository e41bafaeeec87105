using System.Globalization;
using System.Text.RegularExpressions;
using RobustGrid.Tests.Shared;
using Xunit.Abstractions;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// README's main job, `robustgrid sweep run examples/fashion-mnist-quick.yaml` on a fresh home, reproduces the
/// direction IPMix's paper reports: a lower mCE than ERM, with the board's paired interval wholly below zero.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class QuickExampleTests(ITestOutputHelper log)
{
    // "  #1 ipmix vs erm (#3): -0.0312 [-0.0500, -0.0124]", a line under the board.
    [GeneratedRegex(@"#\d+ ipmix vs erm \(#\d+\): (?<mean>[+-]?\d\.\d+) " +
        @"\[(?<low>[+-]?\d\.\d+), (?<high>[+-]?\d\.\d+)\]")]
    private static partial Regex IpmixVersusErm();

    [Fact]
    public async Task MainJobShowsIpmixLoweringMceAgainstErm()
    {
        var home = TestData.NewScratchFolder();
        try
        {
            var spec = Path.Combine(Repository.Root, "examples", "fashion-mnist-quick.yaml");
            var (exitCode, output) = await CliProcess.RunAsync(home, TimeSpan.FromMinutes(20), "sweep", "run", spec);
            Assert.True(exitCode == 0, output);
            Assert.Contains("by corruption/mce (lower is better)", output);
            var match = IpmixVersusErm().Match(output);
            Assert.True(match.Success, $"no ipmix vs erm comparison under the board:\n{output}");
            double Read(string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
            var margin = $"ipmix − erm mCE {Read("mean"):+0.0000;-0.0000} over the example's seeds, 95 % paired " +
                $"interval [{Read("low"):+0.0000;-0.0000}, {Read("high"):+0.0000;-0.0000}]";
            log.WriteLine(margin);
            Assert.True(Read("high") < 0, $"{margin}: not below zero\n{output}");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
