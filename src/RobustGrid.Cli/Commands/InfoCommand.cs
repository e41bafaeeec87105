using System.CommandLine;
using RobustGrid.Training.Runtime;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

internal static class InfoCommand
{
    public static Command Create()
    {
        var device = CommonOptions.Device();
        var command = new Command("info", "Print versions, the device, GPU name and memory, and thread counts.")
        {
            device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var report = RuntimeReport.Collect(TorchRuntime.ParseChoice(parse.GetValue(device)!));
            var table = new Table().AddColumns("", "");
            table.AddPlainRow("RobustGrid", typeof(InfoCommand).Assembly.GetName().Version?.ToString() ?? "");
            table.AddPlainRow(".NET", report.DotNetVersion);
            table.AddPlainRow("TorchSharp", report.TorchSharpVersion);
            table.AddPlainRow("libtorch (built against)", report.LibTorchBuild);
            table.AddPlainRow("libtorch loaded from", report.LibTorchSource);
            table.AddPlainRow("device", report.Device);
            table.AddPlainRow("CUDA available", $"{report.CudaAvailable} ({report.CudaDevices} device(s))");
            if (report.GpuName is not null)
            {
                table.AddPlainRow("GPU", report.GpuName);
                table.AddPlainRow("GPU memory", $"{report.GpuMemoryUsedBytes / (1 << 20):N0} MiB used " +
                    $"of {report.GpuMemoryTotalBytes / (1 << 20):N0} MiB");
            }
            table.AddPlainRow("torch intra-op threads", report.IntraOpThreads.ToString());
            table.AddPlainRow("processors", report.ProcessorCount.ToString());
            table.AddPlainRow("native allocator", NativeAllocator.Describe());
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }
}
