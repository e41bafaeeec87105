using RobustGrid.Bench.Adversarial.Commands;

// Usage:
//   throughput <small-cnn|cifar-resnet> <apgd-ce|suite preset> [images=200] [train=10000] [epochs=1]
//   export <out-dir> [images=1000] [train=10000] [epochs=1]
// ROBUSTGRID_TORCH_THREADS sets torch's intra-op threads (1 is fastest on a shared 2-core machine).
// The allocator the CLI and silo run on (see NativeAllocator); ROBUSTGRID_ALLOCATOR=system measures glibc malloc.
RobustGrid.Training.Runtime.NativeAllocator.UseJemallocIfAvailable();
var command = args.Length > 0 ? args[0] : "";
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index]) : fallback;
var threads = Environment.GetEnvironmentVariable("ROBUSTGRID_TORCH_THREADS");
if (int.TryParse(threads, out var count)) TorchSharp.torch.set_num_threads(count);
Console.WriteLine($"torch threads: {TorchSharp.torch.get_num_threads()}, cores: {Environment.ProcessorCount}");

switch (command)
{
    case "throughput" when args.Length >= 3:
        ThroughputCommand.Run(args[1], args[2], Arg(3, 200), Arg(4, 10000), Arg(5, 1), Console.Out);
        return 0;
    case "export" when args.Length >= 2:
        ExportCommand.Run(args[1], Arg(2, 1000), Arg(3, 10000), Arg(4, 1), Console.Out);
        return 0;
    default:
        Console.Error.WriteLine(
            "usage: throughput <small-cnn|cifar-resnet> <apgd-ce|preset> [images] [train] [epochs]");
        Console.Error.WriteLine("       export <out-dir> [images] [train] [epochs]");
        return 2;
}
