using Spectre.Console;

namespace RobustGrid.Cli.Commands.Grid;

/// <summary>Async twin of CliErrors for grid commands: user errors become one red line and exit code 1.</summary>
internal static class GridErrors
{
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FileNotFoundException
            or DirectoryNotFoundException or TimeoutException or Orleans.Runtime.OrleansException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {CliErrors.UserMessage(ex)}");
            return 1;
        }
    }
}
