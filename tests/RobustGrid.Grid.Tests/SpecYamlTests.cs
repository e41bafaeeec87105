using System.Text.RegularExpressions;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// YAML the parser cannot read is one error at a line and column, whatever YamlDotNet throws for it, and nesting deep
/// enough to overflow a recursive reader is refused before it is read.
/// </summary>
public sealed partial class SpecYamlTests
{
    [Theory]
    [InlineData("a: {b: 1\nc: 2}", 1)]
    [InlineData("dataset: cifar10\ndataset: cifar10\n", 2)]
    [InlineData("dataset: *nowhere\n", 1)]
    [InlineData("a: 'unclosed\n", 1)]
    [InlineData("dataset: cifar10\n  parameters: 1\n", 2)]
    [InlineData("%YAML 9.9\n---\na: 1\n", 1)]
    public void UnreadableYamlIsAnErrorAtALineAndColumn(string yaml, int line)
    {
        var (spec, errors) = SweepSpecParser.Parse(yaml);
        Assert.Null(spec);
        var error = Assert.Single(errors);
        var position = Position().Match(error.Path);
        Assert.True(position.Success, error.ToString());
        Assert.Equal(line, int.Parse(position.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith("invalid YAML", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Operation is not valid", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100_000, '[')]
    [InlineData(100_000, '{')]
    public void NestingFarDeeperThanASpecIsRefusedWithoutOverflowingTheStack(int depth, char open)
    {
        var yaml = "parameters: " + new string(open, depth);
        var error = Assert.Single(SweepSpecParser.Parse(yaml).Errors);
        Assert.Matches(Position(), error.Path);
        Assert.Contains($"nested deeper than {SpecYaml.MaxDepth} levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BlockNestingIsBoundedToo()
    {
        var yaml = string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', i) + "- \n"));
        var error = Assert.Single(SweepSpecParser.Parse(yaml).Errors);
        Assert.Contains("nested deeper", error.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\(line (\d+), column (\d+)\)$")]
    private static partial Regex Position();
}
