using System.Diagnostics;
using System.Globalization;
using RobustGrid.Catalog.Training;
using RobustGrid.Methods;
using RobustGrid.Training.Data;
using RobustGrid.Training.Models;
using RobustGrid.Training.Optimization;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

// Usage:
//   throughput [--models small-cnn,resnet18,wrn-40-2] [--batches 128,512] [--steps 50] [--warmup 10] [--device auto]
//              [--precision fp32|tf32|bf16-mixed] [--channels-last true|false] [--optimizer flat|per-parameter]
//   optimizer  [--models resnet18] [--batches 128] [--steps 50] [--warmup 10] [--device auto]
//              the SGD update alone (zero_grad + step on real gradients), flat buffer against per-parameter: ms per
//              step
//   epoch      [--device cpu] [--precision ..] [--channels-last ..]   one real Fashion-MNIST epoch of small-cnn
//              through the Trainer: images/s and test accuracy
//   data                        dataset load time: first (decode and cache) and cached, for fashion-mnist and cifar10
//   anchor     [--minutes 8] [--out runs/augmix-anchor] [--epochs 100] [--train-limit N] [--test-limit N]
//              [--device auto] [--precision ..] [--channels-last ..]   AugMix's WRN-40-2 CIFAR-10 run for a time
//              budget, resumable, then clean error and CIFAR-10-C mCE (see AnchorRun)
// The allocator the CLI and silo run on (see NativeAllocator); ROBUSTGRID_ALLOCATOR=system measures glibc malloc.
NativeAllocator.UseJemallocIfAvailable();
var options = Arguments.Parse(args.Skip(1));
var mode = args.FirstOrDefault() ?? "throughput";
var device = TorchRuntime.ResolveDevice(TorchRuntime.ParseChoice(options.Get("device", "auto")));
Console.WriteLine($"# device {device}, torch threads {torch.get_num_threads()}, GPU {Nvml.Query()?.Name ?? "none"}");

var precision = options.Get("precision", TrainingPrecision.Fp32);
var channelsLast = bool.Parse(options.Get("channels-last", "false"));
var flatOptimizer = options.Get("optimizer", "flat") switch
{
    "flat" => true,
    "per-parameter" => false,
    var other => throw new ArgumentException($"optimizer: flat, per-parameter (not {other})"),
};
// The trainer's SGD recipe (Nesterov 0.9, weight decay 5e-4) at a small rate, so random batches do not diverge.
var sgd = new SgdSettings(0.01, 0.9, 5e-4, Nesterov: true);

if (mode == "anchor")
{
    AnchorRun.Run(options, device);
    return;
}

if (mode == "data")
{
    var cacheFolder = Path.Combine(Path.GetTempPath(), $"robustgrid-bench-cache-{Guid.NewGuid():N}");
    var catalog = new RobustGrid.Data.Catalog.DatasetCatalog(RobustGrid.Data.Catalog.DataSearchPath.Default(),
        new RobustGrid.Data.Cache.ImageSetCache(cacheFolder));
    foreach (var name in new[] { "fashion-mnist", "cifar10" })
    {
        var first = Stopwatch.StartNew();
        var splits = catalog.Load(name);
        var firstSeconds = first.Elapsed.TotalSeconds;
        var cached = Stopwatch.StartNew();
        catalog.Load(name);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} [{splits.Format}] {splits.Train.Count}+{splits.Test.Count} images: " +
            $"first load {firstSeconds:F2} s, cached load {cached.Elapsed.TotalSeconds:F3} s"));
    }
    Directory.Delete(cacheFolder, recursive: true);
    return;
}

if (mode == "epoch")
{
    var run = Path.Combine(Path.GetTempPath(), $"robustgrid-bench-{Guid.NewGuid():N}");
    var config = TrainingConfig.Build("fashion-mnist", seed: 0,
        device.type == DeviceType.CUDA ? DeviceChoice.Cuda : DeviceChoice.Cpu,
        new Dictionary<string, string>
        {
            [TrainingSettings.Model] = "small-cnn",
            [TrainingSettings.Epochs] = "1",
            [TrainingSettings.LearningRate] = options.Get("lr", "0.05"),
            [TrainingSettings.Precision] = precision,
            [TrainingSettings.ChannelsLast] = channelsLast ? "true" : "false",
        }, new Dictionary<string, string>());
    var result = Trainer.Run(config, MethodRegistry.Create, run);
    var epoch = result.History[^1];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"small-cnn fashion-mnist " +
        $"1 epoch {precision}{(channelsLast ? "+channels-last" : "")}: {epoch.ImagesPerSecond:F0} img/s, " +
        $"train {epoch.Duration.TotalSeconds:F1} s, test accuracy {epoch.TestAccuracy:P2}"));
    Directory.Delete(run, recursive: true);
    return;
}

if (mode == "optimizer")
{
    Console.WriteLine("model,batch,optimizer,ms_per_step");
    foreach (var model in options.Get("models", "resnet18").Split(','))
        foreach (var batch in options.Get("batches", "128").Split(',').Select(int.Parse))
            foreach (var flat in new[] { false, true })
            {
                var milliseconds = MeasureOptimizer(model, batch, sgd, flat, int.Parse(options.Get("steps", "50")),
                    int.Parse(options.Get("warmup", "10")), device);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{model},{batch},{(flat ? "flat" : "per-parameter")},{milliseconds:F2}"));
            }
    return;
}

// The same policy the Trainer applies for a TrainingConfig with this precision and layout.
using var computePolicy = ComputePolicy.Use(TrainingPrecision.Apply(precision, channelsLast, device));
using var matmulSetting = TrainingPrecision.HoldMatmulSetting(precision, device, CancellationToken.None);
var modeName = precision + (channelsLast ? "+channels-last" : "") + (flatOptimizer ? "" : "+per-parameter-sgd");
Console.WriteLine("model,batch,mode,images_per_second,peak_gpu_memory_mib");
foreach (var model in options.Get("models", "small-cnn,resnet18,wrn-40-2").Split(','))
    foreach (var batch in options.Get("batches", "128,512").Split(',').Select(int.Parse))
    {
        var (imagesPerSecond, memory) = Measure(model, batch, sgd, flatOptimizer, int.Parse(options.Get("steps", "50")),
            int.Parse(options.Get("warmup", "10")), device);
        Console.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"{model},{batch},{modeName},{imagesPerSecond:F0},{memory}"));
    }

// One ERM step exactly as the Trainer runs it (crop+flip on uint8, normalise, forward, CE, backward, SGD).
static (double ImagesPerSecond, string PeakMemory) Measure(string name, int batchSize, SgdSettings sgd, bool flat,
    int steps, int warmup, Device device)
{
    using var erm = new ErmBench(name, batchSize, sgd, flat, device);
    var (module, optimizer, generator, images, labels, method, profile) =
        (erm.Module, erm.Optimizer, erm.Generator, erm.Images, erm.Labels, erm.Method, erm.Profile);
    var peak = 0L;
    var clock = new Stopwatch();
    for (var step = 0; step < warmup + steps; step++)
    {
        if (step == warmup)
        {
            Synchronize(device);
            clock.Start();
        }
        using var scope = NewDisposeScope();
        var output = method.Step(new TrainingBatch(images, labels, module, profile, generator, 0, step));
        optimizer.ZeroGrad();
        output.Loss.backward();
        optimizer.Step();
        if (step % 10 == 0) peak = Math.Max(peak, Nvml.Query()?.MemoryUsedBytes ?? 0);
    }
    Synchronize(device);
    var memory = device.type == DeviceType.CUDA ? (peak >> 20).ToString(CultureInfo.InvariantCulture) : "n/a";
    return (steps * batchSize / clock.Elapsed.TotalSeconds, memory);
}

// The update alone: every step runs the ERM forward and backward untimed, then times step + zero_grad (with a
// device synchronisation on each side, so on CUDA the time is the update's, not the queue's).
static double MeasureOptimizer(string name, int batchSize, SgdSettings sgd, bool flat, int steps, int warmup,
    Device device)
{
    using var erm = new ErmBench(name, batchSize, sgd, flat, device);
    var (module, optimizer, generator, images, labels, method, profile) =
        (erm.Module, erm.Optimizer, erm.Generator, erm.Images, erm.Labels, erm.Method, erm.Profile);
    var clock = new Stopwatch();
    for (var step = 0; step < warmup + steps; step++)
    {
        using var scope = NewDisposeScope();
        var output = method.Step(new TrainingBatch(images, labels, module, profile, generator, 0, step));
        output.Loss.backward();
        Synchronize(device);
        if (step >= warmup) clock.Start();
        optimizer.Step();
        optimizer.ZeroGrad();
        Synchronize(device);
        clock.Stop();
    }
    return clock.Elapsed.TotalMilliseconds / steps;
}

static void Synchronize(Device device)
{
    if (device.type == DeviceType.CUDA) torch.cuda.synchronize();
}

/// <summary>What both timings train: a CIFAR-sized model, its SGD, one fixed random uint8 batch and the ERM
/// step.</summary>
internal sealed class ErmBench : IDisposable
{
    public ErmBench(string model, int batchSize, SgdSettings sgd, bool flat, Device device)
    {
        Module = ModelFactory.Create(model, 3, 10, 32);
        Module.to(device).train();
        Optimizer = sgd.Create(Module.parameters(), flat);
        Generator = new Generator(1, device);
        Images = randint(0, 256, [batchSize, 3, 32, 32], ScalarType.Byte, device, generator: Generator);
        Labels = randint(0, 10, [batchSize], ScalarType.Int64, device, generator: Generator);
    }

    public DatasetProfile Profile { get; } = DatasetProfile.For("cifar10");
    public nn.Module<Tensor, Tensor> Module { get; }
    public ISgdOptimizer Optimizer { get; }
    public Generator Generator { get; }
    public Tensor Images { get; }
    public Tensor Labels { get; }
    public ITrainingMethod Method { get; } = MethodRegistry.Create("erm", new Dictionary<string, string>());

    public void Dispose()
    {
        Labels.Dispose();
        Images.Dispose();
        Generator.Dispose();
        Optimizer.Dispose();
        Module.Dispose();
    }
}

internal sealed class Arguments(Dictionary<string, string> values)
{
    public static Arguments Parse(IEnumerable<string> args)
    {
        var list = args.ToList();
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < list.Count; i += 2) values[list[i].TrimStart('-')] = list[i + 1];
        return new Arguments(values);
    }

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
}
