using RobustGrid.Catalog;
using RobustGrid.Catalog.Methods;
using RobustGrid.Corruptions.Core;
using RobustGrid.Methods;
using RobustGrid.TestTime.Operations;
using RobustGrid.Training.Augmentations.Pil;
using RobustGrid.Training.Models;
using TorchSharp;

namespace RobustGrid.Grid.Tests;

/// <summary>The catalog's names are what the code that runs them implements, so a name listed once is
/// runnable.</summary>
public sealed class CatalogTests
{
    [Fact]
    public void EveryTrainingMethodOfTheCatalogHasItsCodeAndNothingElseDoes() =>
        Assert.Equal(MethodCatalog.Training.Select(m => m.Name).Order(), MethodRegistry.Names.Order());

    [Fact]
    public void EveryModelNameBuildsAClassifierOfItsOwn()
    {
        using var noGrad = torch.no_grad();
        var parameterCounts = new Dictionary<string, long>();
        foreach (var name in ModelNames.Names)
        {
            using var model = ModelFactory.Create(name, 3, 10, 32);
            model.eval();
            using var logits = model.call(torch.zeros(2, 3, 32, 32));
            Assert.Equal(new long[] { 2, 10 }, logits.shape);
            parameterCounts[name] = ModelFactory.ParameterCount(model);
        }
        // A name that built another name's network would repeat its parameter count.
        Assert.Equal(ModelNames.Names.Count, parameterCounts.Values.Distinct().Count());
    }

    [Fact]
    public void TheCorruptionNamesAreTheEnginesInItsOrderWithItsBenchmarkSplit()
    {
        var registry = CorruptionRegistry.Default();
        Assert.Equal(CorruptionNames.Names, registry.Names);
        Assert.Equal(CorruptionNames.Benchmark, registry.Benchmark.Select(c => c.Name));
    }

    [Fact]
    public void AugMixDefaultOpsAndDynTTAOperationCountMatchTheCode()
    {
        Assert.Equal(AugMixInfo.DefaultOps, string.Join(",", PilOpSets.AugMix().Select(op => op.Name)));
        Assert.Equal(DynTtaInfo.OperationCount, OperationCatalog.Count);
    }
}
