using System.Text.RegularExpressions;
using RobustGrid.Catalog.Methods;

namespace RobustGrid.Grid.Tests;

/// <summary><c>robustgrid methods</c> lists the catalog's methods, all of them.</summary>
[Trait("Category", "Integration")]
public sealed partial class MethodsCommandTests
{
    [Fact]
    public async Task EveryCatalogMethodIsListed()
    {
        var (exitCode, output) = await CliProcess.RunAsync(new Dictionary<string, string> { ["COLUMNS"] = "300" },
            TimeSpan.FromSeconds(60), "methods");
        Assert.True(exitCode == 0, output);
        // A method's heading is its name at the start of a line: "erm: ...".
        var headings = output.Split('\n').Select(line => Heading().Match(line))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(MethodCatalog.Names, headings);
        Assert.Contains("pretrained", headings);
    }

    [GeneratedRegex("^([a-z][a-z0-9-]*): ")]
    private static partial Regex Heading();
}
