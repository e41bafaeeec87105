using RobustGrid.Catalog;
using RobustGrid.Catalog.Methods;
using RobustGrid.Corruptions.Core;
using RobustGrid.Methods;
using RobustGrid.TestTime.Operations;
using RobustGrid.Training.Augmentations.Pil;
using RobustGrid.Training.Models;

namespace RobustGrid.Grid.Tests;

/// <summary>The catalog's names are what the code that runs them implements, so a name listed once is runnable.</summary>
public sealed class CatalogTests
{
    [Fact]
    public void Every_training_method_of_the_catalog_has_its_code_and_nothing_else_does() =>
        Assert.Equal(MethodCatalog.Training.Select(m => m.Name).Order(), MethodRegistry.Names.Order());

    [Fact]
    public void Every_model_name_builds_a_model()
    {
        foreach (var name in ModelNames.Names)
        {
            using var model = ModelFactory.Create(name, 3, 10, 32);
            Assert.True(ModelFactory.ParameterCount(model) > 0, name);
        }
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
