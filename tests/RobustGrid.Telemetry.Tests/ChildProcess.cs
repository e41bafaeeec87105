using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RobustGrid.Telemetry.Tests;

/// <summary>A started program whose output is kept for failure messages and which is killed with its
/// children.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    public ChildProcess(string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the program printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_lines) return string.Join('\n', _lines);
        }
    }

    /// <summary>The last lines the program printed.</summary>
    public string Tail => Output is var all && all.Length > 4000 ? all[^4000..] : Output;

    /// <summary>The first match of <paramref name="pattern"/> in a line printed, or null when the program exits
    /// first.</summary>
    public async Task<Match?> WaitForLine(Regex pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = 0;
        while (true)
        {
            var exited = _process.HasExited;
            if (exited) _process.WaitForExit(); // drains the redirected streams: every line is in before the last look
            lock (_lines)
            {
                for (; seen < _lines.Count; seen++)
                    if (pattern.Match(_lines[seen]) is { Success: true } match) return match;
            }
            if (exited) return null;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"no line matching {pattern} in {timeout}:\n{Tail}");
            await Task.Delay(100);
        }
    }

    /// <summary>Whether the program printed this text at any point (the tail may have moved past it).</summary>
    public bool Printed(string text)
    {
        lock (_lines) return _lines.Any(line => line.Contains(text, StringComparison.Ordinal));
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
