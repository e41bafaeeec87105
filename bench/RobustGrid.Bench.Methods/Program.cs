using System.Diagnostics;
using System.Globalization;
using RobustGrid.Data.Catalog;
using RobustGrid.Methods;
using RobustGrid.Methods.IpMix;
using RobustGrid.Methods.IpMix.MixingSets;
using RobustGrid.Training.Augmentations;
using RobustGrid.Training.Data;
using RobustGrid.Training.Models;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

// Usage: RobustGrid.Bench.Methods [--dataset fashion-mnist] [--model small-cnn] [--device cpu|cuda] [--steps 20]
//        [--batch 128] [--methods erm,augmix,ipmix,advbn,adv-mixup] [--threads 0] [--per-step] [--synthetic]
// Times full training steps (method step, backward, SGD) after 3 warm-up steps and prints images/s per method
// and its cost relative to ERM; with --augment-only it times only the augmentation of AugMix and IPMix.
// The allocator the CLI and silo run on (see NativeAllocator); ROBUSTGRID_ALLOCATOR=system measures glibc malloc.
NativeAllocator.UseJemallocIfAvailable();
var options = Options.Parse(args);
if (options.Threads > 0) torch.set_num_threads(options.Threads);
var device = TorchRuntime.ResolveDevice(TorchRuntime.ParseChoice(options.Device));
var profile = DatasetProfile.For(options.Dataset);
var imageCount = options.Batch * (options.Steps + 3);
// --synthetic: random pixels and labels of the dataset's shape, for a GPU machine without the datasets (carrying
// CIFAR-10 would overrun the device tool's 64 MiB). A method's cost does not depend on what the pixels show.
using var train = DeviceImageSet.Upload(args.Contains("--synthetic")
    ? (options.Dataset == "cifar10" ? RobustGrid.Bench.Shared.SyntheticImages.Random(imageCount, 32, 32, 3, 10)
        : RobustGrid.Bench.Shared.SyntheticImages.Random(imageCount, 28, 28, 1, 10))
    : DatasetCatalog.Default().Load(options.Dataset).Train.Take(imageCount), device);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{options.Model} on {options.Dataset}, batch {options.Batch}, {options.Steps} timed steps, device {device}, " +
    $"{torch.get_num_threads()} threads, {Environment.ProcessorCount} cores, allocator {NativeAllocator.Describe()}"));
if (args.Contains("--augment-only"))
{
    AugmentOnly();
    return;
}
// On a shared machine wall time mostly measures the other tenants; process CPU time (all threads) measures our work.
Console.WriteLine("method       wall img/s  CPU ms/step  img per CPU-s  cost vs erm (CPU)");
double? ermCpu = null;
foreach (var name in options.Methods)
{
    var (wallRate, cpuPerStep, stepSeconds) = Measure(name);
    ermCpu ??= name == "erm" ? cpuPerStep : null;
    var relative = ermCpu is { } erm ? string.Create(CultureInfo.InvariantCulture, $"{cpuPerStep / erm:F2}x") : "n/a";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-12} {wallRate,10:F0}  {cpuPerStep * 1000,11:F0}  {options.Batch / cpuPerStep,13:F0}  {relative}"));
    if (args.Contains("--per-step"))
    {
        // Per-step wall times and the median step's rate: on a shared machine one descheduled step moves the mean.
        var sorted = stepSeconds.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name} per-step " +
            $"wall s: {string.Join(" ", stepSeconds.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}; " +
            $"median-step images/s {options.Batch / median:F2}"));
    }
}

(double WallRate, double CpuSecondsPerStep, List<double> StepSeconds) Measure(string name)
{
    torch.manual_seed(0);
    using var baseModel = ModelFactory.Create(options.Model, train.Channels, train.Classes, train.Height);
    var settings = new Dictionary<string, string>();
    if (name == "advbn") settings["checkpoint"] = PretrainedCheckpoint(baseModel);
    var method = MethodRegistry.Create(name, settings);
    var model = method.PrepareModel(baseModel);
    method.InitializeModel(model);
    model.to(device);
    model.train();
    using var optimizer = torch.optim.SGD(method.TrainableParameters(model), 0.01, 0.9);
    using var generator = new Generator(1, device);
    var clock = new Stopwatch();
    var cpuStart = TimeSpan.Zero;
    var stepSeconds = new List<double>();
    var lastStepEnd = TimeSpan.Zero;
    for (var step = 0; step < options.Steps + 3; step++)
    {
        if (step == 3)
        {
            Synchronize();
            clock.Start();
            cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        }
        else if (step > 3)
        {
            // Step boundaries: loss.backward() and SGD have run on this thread; no synchronization is needed on the
            // CPU.
            Synchronize();
            stepSeconds.Add((clock.Elapsed - lastStepEnd).TotalSeconds);
            lastStepEnd = clock.Elapsed;
        }
        using var scope = NewDisposeScope();
        var index = arange(step * options.Batch, (step + 1) * options.Batch, ScalarType.Int64, device);
        var batch = new TrainingBatch(train.Images.index_select(0, index), train.Labels.index_select(0, index), model,
            profile, generator, 0, step);
        var output = method.Step(batch);
        optimizer.zero_grad();
        output.Loss.backward();
        optimizer.step();
    }
    Synchronize();
    stepSeconds.Add((clock.Elapsed - lastStepEnd).TotalSeconds);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
    return (options.Steps * options.Batch / clock.Elapsed.TotalSeconds, cpu.TotalSeconds / options.Steps, stepSeconds);
}

// Times the batched augmentations alone (2 JSD views per image), the part the reference runs per image in PIL.
void AugmentOnly()
{
    var augmix = new AugMixAugmenter(3, 3, -1, 1.0);
    var ipmix = new IpMixAugmenter(3, 3, 3.0, 3, [4, 8, 16, 32], PixelOverflow.Wrap);
    var size = MixingSet.PictureSize(train.Height);
    using var mixingSet = MixingSet.FromFractals(1000, 1, train.Channels, size, device);
    var normalization = Normalization.SymmetricUnit(train.Channels);
    foreach (var (name, augment) in new (string, Func<Tensor, Generator, Tensor>)[]
             {
                 ("augmix", (x, g) => augmix.Augment(x, 2, normalization, g)),
                 ("ipmix", (x, g) => ipmix.Augment(x, mixingSet.Pictures, 2, normalization, g)),
             })
    {
        using var generator = new Generator(1, device);
        var clock = new Stopwatch();
        for (var step = 0; step < options.Steps + 3; step++)
        {
            if (step == 3)
            {
                Synchronize();
                clock.Start();
            }
            using var scope = NewDisposeScope();
            var index = arange(step * options.Batch, (step + 1) * options.Batch, ScalarType.Int64, device);
            augment(train.Images.index_select(0, index), generator);
        }
        Synchronize();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-12} augmentation only: {options.Steps * options.Batch / clock.Elapsed.TotalSeconds,8:F0} " +
            $"images/s, {clock.Elapsed.TotalMilliseconds / options.Steps,7:F1} ms per batch, " +
            $"working set {Environment.WorkingSet >> 20} MB"));
    }
}

// AdvBN fine-tunes a checkpoint; its speed does not depend on the weights, so the untrained model serves.
string PretrainedCheckpoint(nn.Module<Tensor, Tensor> model)
{
    var path = Path.Combine(Path.GetTempPath(), $"robustgrid-bench-{Environment.ProcessId}.rgck");
    var config = new TrainingConfig { Dataset = options.Dataset, Model = options.Model };
    RobustGrid.Training.Checkpoints.CheckpointFile.Save(path,
        new RobustGrid.Training.Checkpoints.CheckpointMetadata(config, 0, 0, [],
        options.Model, train.Channels, train.Classes, train.Height, profile.Normalization.Mean,
        profile.Normalization.Std, DateTime.UtcNow),
        model, null);
    return path;
}

void Synchronize()
{
    if (device.type == DeviceType.CUDA) torch.cuda.synchronize();
}

internal sealed record Options(string Dataset, string Model, string Device, int Steps, int Batch, string[] Methods,
    int Threads)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        return new Options(Get("--dataset", "fashion-mnist"), Get("--model", "small-cnn"), Get("--device", "cpu"),
            int.Parse(Get("--steps", "20"), CultureInfo.InvariantCulture),
            int.Parse(Get("--batch", "128"), CultureInfo.InvariantCulture),
            Get("--methods", "erm,augmix,ipmix,advbn,adv-mixup").Split(','),
            int.Parse(Get("--threads", "0"), CultureInfo.InvariantCulture));
    }
}
