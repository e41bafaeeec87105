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
    public void Every_training_method_of_the_catalog_has_its_code_and_nothing_else_does() =>
        Assert.Equal(MethodCatalog.Training.Select(m => m.Name).Order(), MethodRegistry.Names.Order());

    [Fact]
    public void Every_model_name_builds_a_classifier_of_its_own()
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
    public void The_corruption_names_are_the_engines_in_its_order_with_its_benchmark_split()
    {
        var registry = CorruptionRegistry.Default();
        Assert.Equal(CorruptionNames.Names, registry.Names);
        Assert.Equal(CorruptionNames.Benchmark, registry.Benchmark.Select(c => c.Name));
    }

    [Fact]
    public void AugMix_default_ops_and_DynTTA_operation_count_match_the_code()
    {
        Assert.Equal(AugMixInfo.DefaultOps, string.Join(",", PilOpSets.AugMix().Select(op => op.Name)));
        Assert.Equal(DynTtaInfo.OperationCount, OperationCatalog.Count);
    }
}
