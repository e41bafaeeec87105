using RobustGrid.Methods;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.Training.Models;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Tests;

// The parity test compares two short trainings: alone in the process their numbers do not depend on what other
// test classes train at the same time (a full suite run saw fp32 at 80.05 % beside concurrent tests, 78.40 % alone).
[Collection(SerialTorchCollection.Name)]
public sealed class PrecisionTests
{
    private static readonly ComputePolicy Bf16 = new(ScalarType.BFloat16, ChannelsLast: false);

    private static (Tensor Images, Tensor Labels) RealBatch(int count)
    {
        var splits = TestData.Catalog.Load("fashion-mnist");
        using var set = DeviceImageSet.Upload(splits.Train.Take(count), CPU);
        return (DatasetProfile.For("fashion-mnist").Normalization.FromBytes(set.Images), set.Labels.clone());
    }

    private static Dictionary<string, Tensor> Gradients(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels)
    {
        model.zero_grad();
        using (var scope = NewDisposeScope())
        {
            nn.functional.cross_entropy(model.call(images), labels).backward();
        }
        return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
    }

    [Fact]
    public void Bf16MixedGradientsAreFiniteFp32AndCloseToFp32Gradients()
    {
        torch.manual_seed(3);
        using var model = ModelFactory.Create("small-cnn", 1, 10, 28);
        model.train();
        var (images, labels) = RealBatch(256);
        var reference = Gradients(model, images, labels);
        Dictionary<string, Tensor> mixed;
        using (ComputePolicy.Use(Bf16)) mixed = Gradients(model, images, labels);

        foreach (var (name, parameter) in model.named_parameters())
        {
            Assert.Equal(ScalarType.Float32, parameter.dtype);
            Assert.Equal(ScalarType.Float32, mixed[name].dtype);
            Assert.True(mixed[name].isfinite().all().item<bool>(), $"{name}: non-finite bf16-mixed gradient");
            // bf16 keeps 8 mantissa bits (~0.4% a rounding); back through two convs, two BNs and two linears the
            // measured relative differences are 0.4% (fc2) to 6% (conv1), while a missing or wrong gradient path
            // is off by ~100%.
            var relative = (mixed[name] - reference[name]).norm().item<float>() / reference[name].norm().item<float>();
            Assert.True(relative < 0.10, $"{name}: relative gradient difference {relative:F4}");
        }
        foreach (var (name, buffer) in model.named_buffers().Where(b => b.name.EndsWith("running_mean")
            || b.name.EndsWith("running_var")))
            Assert.Equal(ScalarType.Float32, buffer.dtype);
    }

    [Fact]
    public void Bf16MixedComputesConvolutionsInBf16AndReturnsFp32Logits()
    {
        torch.manual_seed(4);
        using var model = (SmallCnn)ModelFactory.Create("small-cnn", 1, 10, 28);
        var (images, _) = RealBatch(8);
        using var policy = ComputePolicy.Use(Bf16);
        using var features = model.ForwardStem(images);
        using var logits = model.call(images);
        Assert.Equal(ScalarType.BFloat16, features.dtype);
        Assert.Equal(ScalarType.Float32, logits.dtype);
    }

    [Fact]
    public void ChannelsLastKeepsInputWeightsAndActivationsNhwcAndMatchesNchw()
    {
        torch.manual_seed(5);
        using var model = (CifarResNet18)ModelFactory.Create("resnet18", 3, 10, 32);
        model.eval();
        using var images = randn(4, 3, 32, 32);
        using var reference = model.ForwardStem(images);

        using var policy = ComputePolicy.Use(new ComputePolicy(null, ChannelsLast: true));
        using var input = ComputePolicy.ToChannelsLast(images);
        using var features = model.ForwardStem(input);

        Assert.True(ComputePolicy.IsChannelsLast(input), $"input strides {string.Join(",", input.stride())}");
        foreach (var (name, module) in model.named_modules().Where(m => m.module is Conv2d))
        {
            using var weight = ComputePolicy.ComputeWeight((Conv2d)module);
            if (weight.shape[2] * weight.shape[3] > 1)
                Assert.True(weight.stride(1) == 1, $"{name}.weight strides {string.Join(",", weight.stride())}");
        }
        Assert.Equal(1, features.stride(1));
        Assert.True(features.allclose(reference, rtol: 1e-4, atol: 1e-4),
            "channels-last stem output differs from NCHW");
    }

    /// <summary>One fp32 epoch of small-cnn on Fashion-MNIST, the recipe the precision variants are compared
    /// on.</summary>
    private static TrainingConfig Fp32SmallCnn(int trainLimit, int testLimit) => new()
    {
        Dataset = "fashion-mnist",
        Model = "small-cnn",
        Epochs = 1,
        TrainLimit = trainLimit,
        TestLimit = testLimit,
        Device = DeviceChoice.Cpu,
        Seed = 11,
        LearningRate = 0.05,
    };

    [Trait("Category", "Integration")]
    [Fact]
    public void TheTrainerTrainsInBf16MixedWhenAskedAndKeepsFp32Weights()
    {
        var fp32 = Fp32SmallCnn(trainLimit: 512, testLimit: 128);
        Dictionary<string, Tensor> Weights(TrainingConfig config)
        {
            var result = Trainer.Run(config, MethodRegistry.Create, TestData.NewScratchFolder(),
                catalog: TestData.Catalog);
            using var trained = TrainedModel.Load(result.CheckpointPath, MethodRegistry.Create, CPU);
            return trained.Module.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        }
        var reference = Weights(fp32);
        var again = Weights(fp32);
        var mixed = Weights(fp32 with { Precision = TrainingPrecision.Bf16Mixed });

        // fp32 runs repeat bit for bit, so any difference of the bf16-mixed run comes from its arithmetic.
        Assert.All(reference,
            p => Assert.True(p.Value.equal(again[p.Key]).all().item<bool>(), $"{p.Key} differs between two fp32 runs"));
        var parameters = reference.Keys.Where(k => k.EndsWith("weight", StringComparison.Ordinal)
            && reference[k].dtype == ScalarType.Float32).ToList();
        var differences = parameters.ToDictionary(k => k,
            k => (mixed[k] - reference[k]).norm().item<float>() / reference[k].norm().item<float>());
        Assert.True(differences.Values.Max() > 1e-4,
            "bf16-mixed ended (nearly) where fp32 did, relative weight differences: " +
            string.Join(", ", differences.Select(d => $"{d.Key} {d.Value:E1}")));
        // Eight steps apart from bf16 roundings, not another training; and the checkpoint keeps fp32 master weights.
        Assert.True(differences.Values.Max() < 0.1,
            string.Join(", ", differences.Select(d => $"{d.Key} {d.Value:E1}")));
        Assert.All(parameters, k => Assert.Equal(ScalarType.Float32, mixed[k].dtype));
    }

    [Fact]
    public void Tf32IsRejectedOnTheCpu()
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingPrecision.Apply(TrainingPrecision.Tf32, false, CPU));
        Assert.Contains("CUDA", error.Message);
        Assert.Throws<ArgumentException>(
            () => new TrainingConfig { Dataset = "fashion-mnist", Precision = "fp16" }.Validate());
    }

    [Trait("Category", "Integration")]
    [Fact]
    public void Bf16MixedChannelsLastTrainingReachesFp32AccuracyOnTheSameRecipe()
    {
        var fp32 = Fp32SmallCnn(trainLimit: 6_000, testLimit: 2_000);
        var reference = Trainer.Run(fp32, MethodRegistry.Create, TestData.NewScratchFolder(),
            catalog: TestData.Catalog);
        var mixed = Trainer.Run(fp32 with { Precision = TrainingPrecision.Bf16Mixed, ChannelsLast = true },
            MethodRegistry.Create, TestData.NewScratchFolder(), catalog: TestData.Catalog);

        Console.WriteLine($"fp32 {reference.TestAccuracy:P2} ({reference.History[0].Duration.TotalSeconds:F1} s), " +
                          $"bf16-mixed+channels-last {mixed.TestAccuracy:P2} " +
                          $"({mixed.History[0].Duration.TotalSeconds:F1} s)");
        Assert.Equal(TrainingOutcome.Completed, mixed.Outcome);
        Assert.True(Math.Abs(mixed.TestAccuracy - reference.TestAccuracy) < 0.03,
            $"bf16-mixed {mixed.TestAccuracy:P2} vs fp32 {reference.TestAccuracy:P2}");
        // The channels-last master weights were checkpointed as fp32 and load back.
        using var trained = TrainedModel.Load(mixed.CheckpointPath, MethodRegistry.Create, CPU);
        Assert.All(trained.Module.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
    }
}
