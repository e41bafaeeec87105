using System.Diagnostics;
using RobustGrid.Corruptions.Core;
using RobustGrid.Data.Catalog;
using RobustGrid.Data.Formats;
using static TorchSharp.torch;

// Usage:
//   export-input N OUT.npy        first N CIFAR-10 test images (our reader's order), uint8 [N, 32, 32, 3]
//   time N [--threads T]          time every corruption x severity on the first N test images (CPU)
//   full [--out DIR]              generate the whole 19 x 5 x 10,000 set once and time it
var command = args.Length > 0 ? args[0] : "time";
var threads = ArgValue("--threads");
if (threads is not null) set_num_threads(int.Parse(threads));
var test = DatasetCatalog.Default().Load("cifar10").Test;

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
        var engine = CorruptionEngine.Default();
        using var images = tensor(subset.Pixels, [subset.Count, 32, 32, 3]);
        // Warm-up: load frost textures, build zoom maps, JIT the paths.
        foreach (var c in engine.Registry.All) engine.Corrupt(images.narrow(0, 0, 8), c.Name, 5, 0).Dispose();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, torch threads {get_num_threads()}, {n} images");
        Console.WriteLine("corruption,s1_ms,s2_ms,s3_ms,s4_ms,s5_ms,images_per_s");
        var total = Stopwatch.StartNew();
        foreach (var c in engine.Registry.All)
        {
            var times = new double[5];
            for (var s = 1; s <= 5; s++)
            {
                var sw = Stopwatch.StartNew();
                using var result = engine.Corrupt(images, c.Name, s, seed: 1);
                times[s - 1] = sw.Elapsed.TotalMilliseconds;
            }
            Console.WriteLine($"{c.Name},{string.Join(",", times.Select(t => t.ToString("F0")))},{5 * n / (times.Sum() / 1000):F0}");
        }
        var seconds = total.Elapsed.TotalSeconds;
        Console.WriteLine($"total: {seconds:F1} s for {19 * 5 * n} corrupted images = {19 * 5 * n / seconds:F0} images/s; " +
                          $"extrapolated to 10,000 test images: {seconds * 10000 / n:F0} s");
        break;
    }
    default:
        Console.Error.WriteLine($"unknown command '{command}' (export-input, time, full)");
        return 2;
}
return 0;

string? ArgValue(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
