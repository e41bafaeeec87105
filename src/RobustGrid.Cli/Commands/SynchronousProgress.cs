using Spectre.Console;

namespace RobustGrid.Cli.Commands;

/// <summary>Reports on the evaluating thread itself; Progress&lt;T&gt; would post to a thread pool instead.</summary>
internal sealed class SynchronousProgress(StatusContext status) : IProgress<string>
{
    public void Report(string value) => status.Status(Markup.Escape(value));
}
