using System.Diagnostics;
using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Metrics;
using RobustGrid.Corruptions.Pictures;
using RobustGrid.Corruptions.Suite;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Data.Catalog;
using RobustGrid.Data.Formats;
using RobustGrid.Evaluation;
using RobustGrid.Training.Runtime;
using TorchSharp;
using static TorchSharp.torch;

// Usage:
//   export-input N OUT.npy        first N CIFAR-10 test images (our reader's order), uint8 [N, 32, 32, 3]
//   time N [--threads T]          time every corruption x severity on the first N test images (CPU)
//   full [--out DIR]              generate the whole 19 x 5 x 10,000 set once and time it (optionally write it)
//   time/full [--workers W]       corrupt W chunks side by side (use with --threads 1)
//   time N --benchmark B          another parameter table (tinyimagenet-c, imagenet-c): the test images enlarged
//                                 bicubically to its size (random pixels of that size with --synthetic)
//   preview INDEX OUT.png [fashion-mnist]   the labelled corruption grid of one test image
//   heatmap N OUT.png             nearest-class-mean classifier on N test images x all corruptions: report + heatmap
var command = args.Length > 0 ? args[0] : "time";
// The allocator the CLI and silo run on (see NativeAllocator); ROBUSTGRID_ALLOCATOR=system measures glibc malloc.
NativeAllocator.UseJemallocIfAvailable();
// Before any other torch call: a CUDA libtorch must be loaded first.
var device = TorchRuntime.ResolveDevice(TorchRuntime.ParseChoice(ArgValue("--device") ?? "cpu"));
var threads = ArgValue("--threads");
if (threads is not null) set_num_threads(int.Parse(threads));
var dataset = args.Contains("fashion-mnist") ? "fashion-mnist" : "cifar10";
// --synthetic: random CIFAR-shaped test images, for a GPU machine without the datasets (time/full only; the
// corruptions' cost does not depend on what the pixels show). --device cuda needs ROBUSTGRID_LIBTORCH (README).
var synthetic = args.Contains("--synthetic");
var splits = synthetic ? null : DatasetCatalog.Default().Load(dataset);
var table = CorruptionTables.Get(ArgValue("--benchmark") ?? CifarTable.Table.Name);
var size = table.ImageSize;
var test = splits?.Test ?? RobustGrid.Bench.Shared.SyntheticImages.Random(10_000, size, size, 3, 10);

switch (command)
{
    case "export-input":
        {
            var n = int.Parse(args[1]);
            var subset = test.Take(n);
            NpyFile.Write(args[2], NpyArray.FromBytes(subset.Pixels, subset.Count, 32, 32, 3));
            NpyFile.Write(Path.ChangeExtension(args[2], null) + "-labels.npy",
                NpyArray.FromInt64(subset.Labels.Select(l => (long)l).ToArray(), subset.Count));
            Console.WriteLine($"wrote {subset.Count} images to {args[2]}");
            break;
        }
    case "time":
    case "full":
        {
            var n = command == "full" ? test.Count : int.Parse(args.Length > 1 ? args[1] : "1000");
            var subset = test.Take(n);
            var engine = CorruptionEngine.For(table, workers: int.Parse(ArgValue("--workers") ?? "1"));
            using var images = Enlarged(tensor(subset.Pixels, [subset.Count, subset.Height, subset.Width, 3]), size)
                .to(device);
            // Warm-up: load frost textures, build zoom maps, JIT the paths.
            foreach (var c in engine.Registry.All)
                engine.Corrupt(images.narrow(0, 0, Math.Min(8, n)), c.Name, 5, 0).Dispose();
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, torch threads {get_num_threads()}, " +
                $"engine workers {engine.Workers}, {n} images{(synthetic ? " (synthetic)" : "")}, device {device}, " +
                $"table {table.Name} ({size} px)");
            var only = ArgValue("--only");
            var outFolder = ArgValue("--out");
            Console.WriteLine(
                "corruption,s1_ms,s2_ms,s3_ms,s4_ms,s5_ms,wall_s,cpu_s,images_per_s_wall,images_per_s_cpu");
            var process = Process.GetCurrentProcess();
            var total = Stopwatch.StartNew();
            var cpuStart = process.TotalProcessorTime;
            foreach (var c in engine.Registry.All.Where(c => only is null || only.Split(',').Contains(c.Name)))
            {
                var times = new double[5];
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var stacked = outFolder is null ? null : new byte[5 * subset.Pixels.Length];
                for (var s = 1; s <= 5; s++)
                {
                    var sw = Stopwatch.StartNew();
                    using var result = engine.Corrupt(images, c.Name, s, seed: 1);
                    if (device.type == DeviceType.CUDA) cuda.synchronize();
                    if (stacked is not null) result.cpu().data<byte>()
                        .CopyTo(stacked.AsSpan((s - 1) * subset.Pixels.Length, subset.Pixels.Length));
                    times[s - 1] = sw.Elapsed.TotalMilliseconds;
                }
                process.Refresh();
                var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
                var wall = times.Sum() / 1000;
                Console.WriteLine($"{c.Name},{string.Join(",", times.Select(t => t.ToString("F0")))},{wall:F2}," +
                    $"{cpu:F2},{5 * n / wall:F0},{5 * n / cpu:F0}");
                if (stacked is not null)
                    CifarCFolder.WriteCorruption(outFolder!, c.Name, stacked, n, size, size, 3);
            }
            if (outFolder is not null) CifarCFolder.WriteLabels(outFolder, subset.Labels);
            var seconds = total.Elapsed.TotalSeconds;
            process.Refresh();
            var cpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds;
            var corrupted = (only is null ? 19 : only.Split(',').Length) * 5 * n;
            Console.WriteLine($"total: wall {seconds:F1} s, cpu {cpuSeconds:F1} s for {corrupted} corrupted images = " +
                              $"{corrupted / seconds:F0} images/s wall, {corrupted / cpuSeconds:F0} images/cpu-s; " +
                              $"extrapolated to 10,000 test images: {seconds * 10000 / n:F0} s wall");
            break;
        }
    case "preview":
        {
            var index = int.Parse(args[1]);
            var image = test.Pixels.AsSpan(index * test.ImageBytes, test.ImageBytes).ToArray();
            PreviewGrid.Render(CorruptionEngine.Default(), image, test.Height, test.Width, test.Channels, args[2],
                seed: 0, title: $"{dataset} test image {index} ({test.ClassNames[test.Labels[index]]}), seed 0");
            Console.WriteLine($"wrote {args[2]}");
            break;
        }
    case "heatmap":
        {
            var n = int.Parse(args[1]);
            var subset = test.Take(n);
            // A deliberately simple classifier with real behaviour: nearest class mean of the training images.
            var train = (splits ?? throw new ArgumentException("heatmap needs the real dataset, not --synthetic"))
                .Train;
            using var trainPixels = tensor(train.Pixels, [train.Count, train.ImageBytes]).to_type(ScalarType.Float32);
            using var trainLabels = tensor(train.Labels.Select(l => (long)l).ToArray());
            using var means = zeros([train.ClassNames.Count, train.ImageBytes])
                .index_add_(0, trainLabels, trainPixels, 1.0)
                .div_(bincount(trainLabels).to_type(ScalarType.Float32).unsqueeze(1));
            Tensor Classify(Tensor nchw)
            {
                var flat = nchw.permute(0, 2, 3, 1).reshape(nchw.shape[0], -1).to_type(ScalarType.Float32);
                return cdist(flat, means).neg().div(100);
            }
            var suite = new GeneratedSuite(CorruptionEngine.Default(), subset, seed: 0,
                cacheFolder: args.Length > 3 ? args[3] : null);
            var report = new SuiteEvaluator(Classify, CPU).Evaluate("nearest class mean", suite, subset.Pixels,
                progress: new Progress<string>(Console.WriteLine));
            ErrorHeatmap.Render(report, args[2]);
            ReportWriter.Write(report, Path.ChangeExtension(args[2], ".json"), Path.ChangeExtension(args[2], ".csv"));
            Console.WriteLine($"clean {report.CleanError:P2}, mCE {report.MeanCorruptionError:P2}; wrote {args[2]}");
            break;
        }
    default:
        Console.Error.WriteLine($"unknown command '{command}' (export-input, time, full)");
        return 2;
}
return 0;

// PIL-like bicubic enlargement of NHWC uint8 images (a no-op at their own size), as the reference fixtures enlarge
// CIFAR images for the larger tables.
static Tensor Enlarged(Tensor nhwc, int size)
{
    if (nhwc.shape[1] == size) return nhwc;
    using var scope = NewDisposeScope();
    var nchw = nhwc.permute(0, 3, 1, 2).to_type(ScalarType.Float32);
    var large = nn.functional.interpolate(nchw, [size, size], mode: InterpolationMode.Bicubic, align_corners: false);
    return large.round_().clamp_(0, 255).to_type(ScalarType.Byte).permute(0, 2, 3, 1).contiguous()
        .MoveToOuterDisposeScope();
}

string? ArgValue(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
