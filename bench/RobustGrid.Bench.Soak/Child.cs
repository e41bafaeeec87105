using System.Diagnostics;

namespace RobustGrid.Bench.Soak;

/// <summary>A product process the soak started: its output lines go to a callback, and it dies with the soak.</summary>
internal sealed class Child : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    public Child(string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        void Line(string? line)
        {
            if (line is null) return;
            lock (_tail)
            {
                _tail.Enqueue(line);
                if (_tail.Count > 40) _tail.Dequeue();
            }
            onLine?.Invoke(line);
        }
        _process.OutputDataReceived += (_, e) => Line(e.Data);
        _process.ErrorDataReceived += (_, e) => Line(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The process id: the product restarts itself on its allocator with execve, which keeps it.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Tail
    {
        get
        {
            lock (_tail) return string.Join('\n', _tail);
        }
    }

    public async Task<int> WaitAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
