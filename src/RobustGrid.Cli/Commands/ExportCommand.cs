using System.CommandLine;
using RobustGrid.Methods;
using RobustGrid.Training.Interop;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

internal static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = CommonOptions.Checkpoint();
        var format = new Option<string>("--format")
        {
            Description = "safetensors (with model, classes, dataset and normalization in its metadata) or pt " +
                "(torch.save); both under PyTorch's parameter names.",
            DefaultValueFactory = _ => WeightsFormats.SafetensorsName,
        };
        format.AcceptOnlyFromAmong([.. WeightsFormats.Names]);
        var output = new Option<string?>("--out")
        {
            Description = "Output file (default: model.safetensors or model.pt next to the checkpoint).",
        };
        var command = new Command("export", "Export a checkpoint's weights as a PyTorch state dict.")
        {
            checkpoint, format, output,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var path = CheckpointExport.Export(CommonOptions.ResolveCheckpoint(parse.GetValue(checkpoint)!),
                WeightsFormats.Parse(parse.GetValue(format)!), parse.GetValue(output), MethodRegistry.Create);
            AnsiConsole.WriteLine($"wrote {path}");
            return 0;
        }));
        return command;
    }
}
