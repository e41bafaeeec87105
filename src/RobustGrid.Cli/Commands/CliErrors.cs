using RobustGrid.Data;
using RobustGrid.Data.Catalog;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Interop;
using RobustGrid.Training.Runtime;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

/// <summary>Turns the errors a user can cause into one clear line and exit code 1, instead of a stack trace.</summary>
internal static class CliErrors
{
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is ArgumentException or DatasetNotFoundException or DataFormatException
            or TorchRuntimeException or CheckpointCorruptException or CheckpointWriteException
            or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or WeightsMismatchException
            or InvalidOperationException or FormatException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {UserMessage(ex)}");
            return 1;
        }
    }

    /// <summary>The exception's message without the " (Parameter 'name')" that .NET appends to argument errors: the
    /// name is the code's, not an option the user could look up, and the messages name the field themselves.</summary>
    public static string UserMessage(Exception ex)
    {
        if (ex is not ArgumentException { ParamName: { } name } argument) return ex.Message;
        var suffix = $" (Parameter '{name}')";
        return argument.Message.EndsWith(suffix, StringComparison.Ordinal) ? argument.Message[..^suffix.Length]
            : argument.Message;
    }
}
