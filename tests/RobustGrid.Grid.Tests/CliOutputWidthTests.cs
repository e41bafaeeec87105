namespace RobustGrid.Grid.Tests;

/// <summary>Piped output is laid out to COLUMNS when it is set (Spectre's 80 columns otherwise).</summary>
[Trait("Category", "Integration")]
public sealed class CliOutputWidthTests
{
    /// <summary>The longest line, in characters (box-drawing characters are one each, as on a terminal).</summary>
    private static int Widest(string output) => output.Split('\n').Max(line => line.TrimEnd('\r').Length);

    /// <summary>The rows of the hyperparameter tables that 'robustgrid methods' prints, borders included.</summary>
    private static List<string> TableRows(string output) =>
        [.. output.Split('\n').Select(line => line.TrimEnd('\r'))
            .Where(line => line.StartsWith('│') || line.StartsWith('┌'))];

    [Fact]
    public async Task ColumnsSetsTheWidthOfPipedOutput()
    {
        var (exitCode, wide) = await CliProcess.RunAsync(new Dictionary<string, string> { ["COLUMNS"] = "200" },
            TimeSpan.FromSeconds(60), "methods");
        Assert.Equal(0, exitCode);
        // The tables use the room: a meaning column that wraps at 80 columns fits on one row at 200.
        Assert.Contains(TableRows(wide), row => row.Length > 80);
        Assert.True(Widest(wide) <= 200, $"a line of {Widest(wide)} characters with COLUMNS=200");

        (exitCode, var narrow) = await CliProcess.RunAsync(new Dictionary<string, string>(), ["COLUMNS"],
            TimeSpan.FromSeconds(60), "methods");
        Assert.Equal(0, exitCode);
        Assert.NotEmpty(TableRows(narrow));
        Assert.True(Widest(narrow) <= 80, $"a line of {Widest(narrow)} characters without COLUMNS");
        // The same tables, wrapped into more lines.
        Assert.True(TableRows(narrow).Count > TableRows(wide).Count,
            $"{TableRows(narrow).Count} rows at 80 columns, {TableRows(wide).Count} at 200");
    }
}
