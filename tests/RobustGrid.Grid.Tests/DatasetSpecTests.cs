using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>Which datasets a spec may name: built-in, registered on the grid, or a folder inside its data
/// roots.</summary>
public sealed class DatasetSpecTests
{
    private static readonly SpecRules Rules = new(new(), InputSandbox.None)
    {
        Datasets = new DatasetSandbox(new InputSandbox(["/data/images"]), name => name == "mine"),
    };

    private static IReadOnlyList<SpecError> Errors(string dataset, SpecRules rules) =>
        SweepSpecParser.Parse($"dataset: \"{dataset}\"\nparameters:\n  epochs: {{value: 1}}\n", rules: rules).Errors;

    [Theory]
    [InlineData("cifar100")]
    [InlineData("cifar100-coarse")]
    [InlineData("mine")]
    [InlineData("folder:/data/images/shapes")]
    [InlineData("folder:/data/images/tiny-imagenet-200")]
    public void AllowedDatasetsPass(string dataset) => Assert.Empty(Errors(dataset, Rules));

    [Theory]
    [InlineData("theirs")]
    [InlineData("folder:/data/images")]
    [InlineData("folder:/data/images-other/x")]
    [InlineData("folder:/data/images/../../etc")]
    [InlineData("folder:/data/images/./x")]
    [InlineData("folder:data/images/x")]
    [InlineData("folder:/etc/passwd")]
    [InlineData("../mine")]
    public void OtherDatasetsAreRefusedNamingTheField(string dataset)
    {
        var error = Assert.Single(Errors(dataset, Rules));
        Assert.Equal("dataset", error.Path);
    }

    [Fact]
    public void WithoutDataRootsOnlyBuiltInDatasetsPass()
    {
        var error = Assert.Single(Errors("folder:/data/images/shapes", SpecRules.Default));
        Assert.Contains("none are configured (RobustGrid:Cluster:DataRoots)", error.Message);
        Assert.Empty(Errors("cifar10", SpecRules.Default));
    }

    [Fact]
    public void ARefusalQuotesAtMostAShortPlainPartOfTheText()
    {
        var error = Assert.Single(Errors("folder:/x/" + new string('a', 5000) + "\\u0007", Rules));
        Assert.True(error.Message.Length < 300, error.Message);
        Assert.DoesNotContain('\u0007', error.Message);
    }
}
