using System.CommandLine;
using RobustGrid.Training.Runtime;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

internal static class InfoCommand
{
    public static Command Create()
    {
        var device = CommonOptions.Device();
        var command = new Command("info", "Print versions, the device, GPU name and memory, and thread counts.") { device };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var report = RuntimeReport.Collect(TorchRuntime.ParseChoice(parse.GetValue(device)!));
            var table = new Table().AddColumns("", "");
            table.AddRow("RobustGrid", typeof(InfoCommand).Assembly.GetName().Version?.ToString() ?? "");
            table.AddRow(".NET", report.DotNetVersion);
            table.AddRow("TorchSharp", report.TorchSharpVersion);
            table.AddRow("libtorch (built against)", report.LibTorchBuild);
            table.AddRow("libtorch loaded from", Markup.Escape(report.LibTorchSource));
            table.AddRow("device", report.Device);
            table.AddRow("CUDA available", $"{report.CudaAvailable} ({report.CudaDevices} device(s))");
            if (report.GpuName is not null)
            {
                table.AddRow("GPU", Markup.Escape(report.GpuName));
                table.AddRow("GPU memory", $"{report.GpuMemoryUsedBytes / (1 << 20):N0} MiB used of {report.GpuMemoryTotalBytes / (1 << 20):N0} MiB");
            }
            table.AddRow("torch intra-op threads", report.IntraOpThreads.ToString());
            table.AddRow("processors", report.ProcessorCount.ToString());
            table.AddRow("native allocator", Markup.Escape(NativeAllocator.Describe()));
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }
}
