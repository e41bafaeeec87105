namespace RobustGrid.Grid.Tests;

/// <summary>Piped output is laid out to COLUMNS when it is set (Spectre's 80 columns otherwise).</summary>
[Trait("Category", "Integration")]
public sealed class CliOutputWidthTests
{
    private const string LongLine = "dyntta (test-time enhancement) is a pipeline of its own: robustgrid methods dyntta";

    [Fact]
    public async Task Columns_sets_the_width_of_piped_output()
    {
        Assert.True(LongLine.Length > 80);
        var (exitCode, wide) = await CliProcess.RunAsync(new Dictionary<string, string> { ["COLUMNS"] = "200" }, TimeSpan.FromSeconds(60), "methods");
        Assert.Equal(0, exitCode);
        Assert.Contains(LongLine, wide.Split('\n'));

        (exitCode, var narrow) = await CliProcess.RunAsync(new Dictionary<string, string> { ["COLUMNS"] = "" }, TimeSpan.FromSeconds(60), "methods");
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(LongLine, narrow.Split('\n'));
        Assert.Contains("dyntta (test-time enhancement) is a pipeline of its own: robustgrid methods", narrow);
    }
}
