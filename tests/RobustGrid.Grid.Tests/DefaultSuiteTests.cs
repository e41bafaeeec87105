using RobustGrid.Catalog;
using RobustGrid.Evaluation;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>The corruption suite <c>robustgrid robustness</c> and <c>dyntta</c> score a dataset on when none is
/// named.</summary>
public sealed class DefaultSuiteTests
{
    [Theory]
    [InlineData("fashion-mnist", "fashion-mnist-c")]
    [InlineData("cifar10", "cifar10-c")]
    [InlineData("cifar100", "cifar100-c")]
    [InlineData("cifar100-coarse", "cifar100-c")]
    public void ABuiltInDatasetIsScoredOnItsOwnSuite(string dataset, string suite) =>
        Assert.Equal(suite, SuiteRequest.ForDataset(dataset, TestData.Catalog));

    [Fact]
    public void EveryBuiltInDatasetHasOneAndTheSuiteNamesItsDataset()
    {
        foreach (var dataset in DatasetNames.Names)
        {
            var suite = SuiteRequest.ForDataset(dataset, TestData.Catalog);
            Assert.Equal(dataset, new SuiteRequest(suite, EvaluatedDataset: dataset).Dataset);
        }
    }

    [Fact]
    public void AnImageFolderIsScoredOnTheSuiteOfItsImageSize()
    {
        var root = TestData.NewScratchFolder("default-suite-");
        try
        {
            string Folder(int size)
            {
                var folder = Path.Combine(root, $"images{size}");
                ImageFolders.Write(folder, ["train", "test"], classes: 2, perClass: 1, size, size);
                return "folder:" + folder;
            }

            Assert.Equal("cifar100-c", SuiteRequest.ForDataset(Folder(32), TestData.Catalog));
            Assert.Equal("tinyimagenet-c", SuiteRequest.ForDataset(Folder(64), TestData.Catalog));
            // Images over 64 px are used at ImageNet's 224.
            Assert.Equal("imagenet-c", SuiteRequest.ForDataset(Folder(96), TestData.Catalog));
            var odd = Folder(48);
            var error = Assert.Throws<ArgumentException>(() => SuiteRequest.ForDataset(odd, TestData.Catalog));
            Assert.Contains("48x48", error.Message);
            Assert.Contains("32 px (cifar100-c), 64 px (tinyimagenet-c), 224 px (imagenet-c)", error.Message);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
