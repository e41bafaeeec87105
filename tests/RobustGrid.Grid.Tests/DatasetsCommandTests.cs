using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary><c>robustgrid datasets add|list</c> in a real CLI process with a home of its own.</summary>
[Trait("Category", "Integration")]
public sealed class DatasetsCommandTests
{
    [Fact]
    public async Task AFolderAddedByNameIsListedAndABuiltInNameIsRefused()
    {
        var home = TestData.NewScratchFolder("cli-datasets-");
        var folder = Path.Combine(home, "shapes");
        ImageFolders.Write(folder, ["train", "val"], classes: 3, perClass: 2, 80, 72, "JPEG");
        var timeout = TimeSpan.FromSeconds(60);
        var wide = new Dictionary<string, string> { ["COLUMNS"] = "400" };

        var (added, addOutput) = await CliProcess.RunAsync(home, wide, timeout,
            "datasets", "add", "shapes", folder, "--image-size", "64");
        Assert.Equal(0, added);
        Assert.Contains($"registered shapes: imagenet at {folder}, 3 classes, 6 training and 6 test images", addOutput);
        Assert.True(File.Exists(Path.Combine(home, "datasets.json")));

        var (listed, listOutput) = await CliProcess.RunAsync(home, wide, timeout, "datasets", "list");
        Assert.Equal(0, listed);
        Assert.Contains("cifar100-coarse", listOutput);
        Assert.Contains(folder, listOutput);

        var (refused, refusal) = await CliProcess.RunAsync(home, wide, timeout,
            "datasets", "add", "cifar10", folder);
        Assert.Equal(1, refused);
        Assert.Contains("error: 'cifar10' is a built-in dataset; choose another name", refusal);
    }
}
