using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The built 'robustgrid' command line run as a child process, with its own ROBUSTGRID_HOME and embedded-silo ports
/// when it runs a grid.
/// Collects stdout and stderr line by line so a test can wait for a line and kill the process at that moment.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private PortReservation? _ports;

    private CliProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The robustgrid executable built with these tests (the test project references the CLI
    /// project).</summary>
    public static string Executable => Repository.BuiltExecutable("src/RobustGrid.Cli", "robustgrid");

    /// <summary>
    /// Starts robustgrid with its own ROBUSTGRID_HOME and embedded-silo ports reserved for as long as it runs (it binds
    /// them while they are reserved); <see cref="StartAndWaitFor"/> and
    /// <see cref="RunAsync(string, TimeSpan, string[])"/> start again when another process bound one of them first.
    /// </summary>
    public static CliProcess Start(string home, params string[] args) =>
        Start(home, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Start(string, string[])"/>, with <paramref name="environment"/> set too.</summary>
    public static CliProcess Start(string home, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var ports = LoopbackPorts.Reserve(2);
        try
        {
            var cli = Start(new Dictionary<string, string>(environment)
            {
                ["ROBUSTGRID_HOME"] = home,
                ["ROBUSTGRID__CLUSTER__SILOPORT"] =
                    ports.Ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ROBUSTGRID__CLUSTER__GATEWAYPORT"] =
                    ports.Ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, args);
            cli._ports = ports;
            return cli;
        }
        catch
        {
            ports.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts robustgrid on <paramref name="home"/> and waits for the first line that <paramref name="match"/> accepts;
    /// a process that exited first because its embedded silo lost a port to another process is started again.
    /// </summary>
    public static async Task<(CliProcess Process, string Line)> StartAndWaitFor(string home, Func<string, bool> match,
        TimeSpan timeout, params string[] args)
    {
        for (var attempt = 1; ; attempt++)
        {
            var cli = Start(home, args);
            try
            {
                return (cli, await cli.WaitForLine(match, timeout));
            }
            catch (InvalidOperationException) when (attempt < LoopbackPorts.Attempts && cli.LostAPort)
            {
                cli.Dispose();
            }
            catch
            {
                cli.Dispose();
                throw;
            }
        }
    }

    /// <summary>Starts robustgrid with these variables set (on top of this process's environment and
    /// NO_COLOR).</summary>
    public static CliProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start(environment, [], args);

    /// <summary>Starts robustgrid with these variables set and those of <paramref name="unset"/> removed.</summary>
    public static CliProcess Start(IReadOnlyDictionary<string, string> environment, IReadOnlyCollection<string> unset,
        params string[] args)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment) info.Environment[key] = value;
        foreach (var key in unset) info.Environment.Remove(key);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start robustgrid");
        process.StandardInput.Close();
        return new CliProcess(process);
    }

    /// <summary>
    /// Runs to completion on <paramref name="home"/> and returns the exit code and everything it printed; a run whose
    /// embedded silo lost a port to another process before binding it is run again on other ports.
    /// </summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string home, TimeSpan timeout, params string[] args) =>
        RunAsync(home, new Dictionary<string, string>(), timeout, args);

    /// <summary>As the overload without <paramref name="environment"/>, with those variables set too.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string home,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (exitCode, output) = await RunAsync(Start(home, environment, args), timeout, args);
            if (exitCode == 0 || attempt == LoopbackPorts.Attempts || !LoopbackPorts.ReportsAddressInUse(output))
                return (exitCode, output);
        }
    }

    /// <summary>Runs to completion with these variables set and returns the exit code and everything it
    /// printed.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout, params string[] args) =>
        RunAsync(Start(environment, args), timeout, args);

    /// <summary>Runs to completion with these variables set and those of <paramref name="unset"/> removed.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment,
        IReadOnlyCollection<string> unset, TimeSpan timeout, params string[] args) =>
        RunAsync(Start(environment, unset, args), timeout, args);

    private static async Task<(int ExitCode, string Output)> RunAsync(CliProcess started, TimeSpan timeout,
        string[] args)
    {
        using var cli = started;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await cli._process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            cli.Kill();
            throw new TimeoutException(
                $"robustgrid {string.Join(' ', args)} did not finish in {timeout}:\n{cli.Output}");
        }
        cli._process.WaitForExit(); // drains the redirected streams
        return (cli._process.ExitCode, cli.Output);
    }

    /// <summary>Exited because a port it was given was in use.</summary>
    private bool LostAPort => _process.HasExited && LoopbackPorts.ReportsAddressInUse(Output);

    public string Output
    {
        get { lock (_gate) return string.Join('\n', _lines); }
    }

    /// <summary>Waits for the first line that <paramref name="match"/> accepts; fails if the process exits
    /// first.</summary>
    public async Task<string> WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = 0;
        while (true)
        {
            lock (_gate)
            {
                for (; seen < _lines.Count; seen++)
                    if (match(_lines[seen])) return _lines[seen];
            }
            if (_process.HasExited)
                throw new InvalidOperationException($"robustgrid exited ({_process.ExitCode}) first:\n{Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no such line in {timeout}:\n{Output}");
            await Task.Delay(20);
        }
    }

    /// <summary>SIGKILL: the process gets no chance to flush, stop the silo or release anything.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM (what 'kill', 'docker stop' and systemd send; Ctrl+C's SIGINT takes the same path): returns the
    /// exit code, or throws if the process is still running after <paramref name="timeout"/>.</summary>
    public async Task<int> Terminate(TimeSpan timeout)
    {
        if (Kill(_process.Id, SigTerm) != 0) throw new InvalidOperationException(
            $"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"robustgrid still ran {timeout} after SIGTERM:\n{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in the test project for one libc call
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_gate) _lines.Add(line);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        _ports?.Dispose();
    }
}
