using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace RobustGrid.Grid.Hosting;

/// <summary>
/// The embedded grid's console lines at the default verbosity: level and message, and of an exception its type and
/// message (and those of its root cause) without the stack trace. A trial that failed, a retried grain call or a
/// recovered checkpoint is worth a line to the user; the stack frames of Orleans, Polly and TorchSharp under it are
/// for debugging, shown by the simple console formatter at debug level.
/// </summary>
internal sealed class BriefConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "robustgrid-brief";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider,
        TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null) return;
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(message);
        if (logEntry.Exception is { } e)
        {
            textWriter.Write($" ({Describe(e)}");
            var root = e;
            while (root.InnerException is { } inner) root = inner;
            if (root != e) textWriter.Write($"; caused by {Describe(root)}");
            textWriter.Write(')');
        }
        textWriter.WriteLine();
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}
