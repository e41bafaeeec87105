using RobustGrid.Catalog;
using RobustGrid.Methods;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Interop;
using RobustGrid.Training.Models;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace RobustGrid.Training.Tests.PyTorch;

/// <summary>
/// Every architecture both ways with real PyTorch: weights PyTorch saved (safetensors and torch.save) import and give
/// PyTorch's logits; weights RobustGrid exports load in PyTorch with strict=True and give RobustGrid's logits.
/// Batch norms carry statistics of real forward passes and random affine terms, so every buffer counts.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PyTorchRoundTripTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Architectures => new(ModelNames.Names);

    [PyTorchTheory]
    [MemberData(nameof(Architectures))]
    public void PyTorchWeightsImportAndGivePyTorchsLogits(string model)
    {
        var folder = TestData.NewScratchFolder("pytorch-import-");
        try
        {
            ReferencePython.Run("save", model, folder);
            using var scope = NewDisposeScope();
            var io = StateDictFile.Read(Path.Combine(folder, "io.safetensors"));
            foreach (var file in new[] { "state.safetensors", "state.pt" })
            {
                var run = Path.Combine(folder, "run-" + file);
                WeightsImport.Import(
                    new ImportRequest(model, Path.Combine(folder, file), ReferencePython.ShapeFor(model).Dataset), run);
                using var trained = TrainedModel.Load(CheckpointFile.Resolve(run), MethodRegistry.Create, CPU);
                using var noGrad = no_grad();
                var difference = trained.Module.call(io["inputs"]).sub(io["logits"]).abs().max().item<float>();
                output.WriteLine($"{model} from {file}: max abs logit difference {difference:G3}");
                Assert.True(difference <= Tolerance, $"{model} from {file}: logits differ by {difference}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [PyTorchTheory]
    [MemberData(nameof(Architectures))]
    public void ExportsLoadStrictlyInPyTorchAndGiveRobustGridsLogits(string model)
    {
        var (dataset, channels, size) = ReferencePython.ShapeFor(model);
        var folder = TestData.NewScratchFolder("pytorch-export-");
        try
        {
            var run = Path.Combine(folder, "run");
            Directory.CreateDirectory(run);
            using var inputs = rand([2, channels, size, size], generator: new Generator(11));
            using (var module = SeededConstruction.Build(7, () => Calibrated(model, inputs)))
            {
                var metadata = new CheckpointMetadata(new TrainingConfig { Dataset = dataset, Model = model }, 0, 0, [],
                    model, channels, 10, size, [.. Enumerable.Repeat(0.0, channels)],
                    [.. Enumerable.Repeat(1.0, channels)], DateTime.UtcNow);
                CheckpointFile.Save(Path.Combine(run, CheckpointFile.FileName), metadata, module, optimizer: null);
            }
            var io = Path.Combine(folder, "io.safetensors");
            using (var trained = TrainedModel.Load(CheckpointFile.Resolve(run), MethodRegistry.Create, CPU))
            using (var scope = NewDisposeScope())
            using (var noGrad = no_grad())
            {
                SafetensorsWriter.Write(io, [("inputs", inputs), ("logits", trained.Module.call(inputs))]);
            }
            var exported = new[] { WeightsFormat.Safetensors, WeightsFormat.Pickle }
                .Select(format => CheckpointExport.Export(run, format, target: null, MethodRegistry.Create));
            var printed = ReferencePython.Run("check", model, [io, .. exported, "--tolerance",
                Tolerance.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            output.WriteLine($"{model} to PyTorch: {printed.Trim()}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The seeded model after one training-mode pass with momentum 1 over a batch that holds the inputs (running
    /// statistics become that batch's; random images look alike to deep layers, so other images' statistics would
    /// blow the inputs' activations up), with random batch-norm affine terms and linear biases, and a head scaled to
    /// logits of moderate size.
    /// </summary>
    private static nn.Module<Tensor, Tensor> Calibrated(string model, Tensor inputs)
    {
        var (channels, size) = ((int)inputs.shape[1], (int)inputs.shape[2]);
        var module = ModelFactory.Create(model, channels, 10, size);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var batchNorms = module.modules().OfType<BatchNorm2d>().ToList();
        foreach (var batchNorm in batchNorms) batchNorm.momentum = 1.0;
        module.train();
        module.call(cat([inputs, rand(6, channels, size, size)]));
        foreach (var batchNorm in batchNorms)
        {
            batchNorm.weight!.uniform_(0.5, 1.5);
            batchNorm.bias!.uniform_(-0.2, 0.2);
        }
        var linears = module.modules().OfType<Linear>().ToList();
        foreach (var linear in linears) linear.bias!.uniform_(-0.2, 0.2);
        module.eval();
        // Deep residual streams grow (ResNet-50's logits reach hundreds, where fp32 keeps only 1e-5 absolute): the
        // head is scaled so that the largest logit is 4.
        var scale = 4 / module.call(inputs).abs().max().item<float>();
        linears[^1].weight!.mul_(scale);
        linears[^1].bias!.mul_(scale);
        return module;
    }
}
