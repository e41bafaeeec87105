using System.Runtime.InteropServices;

namespace RobustGrid.Training.Runtime;

/// <summary>
/// Puts libtorch's CPU tensors on jemalloc instead of glibc malloc. Why: under TorchSharp, glibc's heap fragments.
/// Implicit scalars of ops like <c>x.mul(2)</c> are small native objects that only the .NET finalizer frees, and
/// they land inside the holes that disposed multi-megabyte tensors leave. The holes no longer fit the next step's
/// tensors, so the heap grows and every new page must first be zeroed by the kernel; AugMix's batched augmentation
/// suffers most (docs/benchmarks.md, "Native allocator", has the measurements). jemalloc keeps size classes apart; with
/// purging off, it reuses the peak instead of handing pages back and faulting them in again.
/// <para>
/// An allocator must be chosen before the process starts, so <see cref="UseJemallocIfAvailable"/> re-executes the
/// process once with <c>LD_PRELOAD</c> set. The process keeps its id, arguments, environment and open standard streams.
/// <c>ROBUSTGRID_ALLOCATOR=system</c> keeps glibc malloc; a path there names a jemalloc library to use.
/// </para>
/// </summary>
public static class NativeAllocator
{
    public const string ChoiceVariable = "ROBUSTGRID_ALLOCATOR";
    private const string ReexecMarkerVariable = "ROBUSTGRID_ALLOCATOR_REEXEC";

    // Never returning dirty pages is what makes the reuse work: jemalloc's default 10 s decay, and even 30 s with a
    // background thread, still purged most large extents between training steps (sys time stayed 25× higher).
    private const string DefaultJemallocConfig = "dirty_decay_ms:-1,muzzy_decay_ms:-1";

    private static readonly string[] JemallocLocations =
    [
        "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
        "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
        "/usr/lib64/libjemalloc.so.2",
        "/usr/local/lib/libjemalloc.so.2",
        "/usr/lib/libjemalloc.so.2",
    ];

    /// <summary>What allocates native memory in this process, for <c>robustgrid info</c>.</summary>
    public static string Describe()
    {
        if (!OperatingSystem.IsLinux()) return "platform default";
        if (LoadedJemalloc() is { } loaded)
            return $"jemalloc ({loaded}; " +
                $"MALLOC_CONF={Environment.GetEnvironmentVariable("MALLOC_CONF") ?? "jemalloc defaults"})";
        return Environment.GetEnvironmentVariable(ChoiceVariable) == "system"
            ? "glibc malloc (ROBUSTGRID_ALLOCATOR=system)"
            : "glibc malloc: libjemalloc2 is not installed (apt-get install libjemalloc2; see README)";
    }

    /// <summary>
    /// Call first thing in Main, before any thread or output of the program's own. Returns without doing anything
    /// when jemalloc is already loaded, is not installed, or was declined; otherwise the process image is replaced.
    /// </summary>
    public static void UseJemallocIfAvailable()
    {
        if (!OperatingSystem.IsLinux()) return;
        if (LoadedJemalloc() is not null)
        {
            // Processes this one starts inherit LD_PRELOAD, not the marker: one that drops LD_PRELOAD restarts itself.
            Environment.SetEnvironmentVariable(ReexecMarkerVariable, null);
            return;
        }
        var choice = Environment.GetEnvironmentVariable(ChoiceVariable);
        if (choice == "system") return;
        if (Environment.GetEnvironmentVariable(ReexecMarkerVariable) is not null)
        {
            Console.Error.WriteLine($"robustgrid: {Environment.GetEnvironmentVariable("LD_PRELOAD")} was preloaded " +
                $"but is not loaded; continuing on glibc malloc.");
            return;
        }
        var library = string.IsNullOrEmpty(choice) || choice == "jemalloc"
            ? JemallocLocations.FirstOrDefault(File.Exists)
            : File.Exists(choice)
                ? choice
                : throw new TorchRuntimeException(
                    $"{ChoiceVariable}={choice}: expected 'jemalloc', 'system' or the path of a libjemalloc.so file.");
        if (library is null) return;
        Reexecute(library);
    }

    private static string? LoadedJemalloc()
    {
        try
        {
            return File.ReadLines("/proc/self/maps")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields.Length >= 6
                    && Path.GetFileName(fields[^1]).StartsWith("libjemalloc", StringComparison.Ordinal))
                .Select(fields => fields[^1])
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void Reexecute(string library)
    {
        // /proc/self/cmdline is the exact argv, including "dotnet app.dll" when started through the muxer.
        var arguments = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        environment["LD_PRELOAD"] = environment.TryGetValue("LD_PRELOAD", out var preload) && preload.Length > 0
            ? $"{library}:{preload}"
            : library;
        environment.TryAdd("MALLOC_CONF", DefaultJemallocConfig);
        environment[ReexecMarkerVariable] = "1";
        Console.Out.Flush();
        Console.Error.Flush();
        var argv = ToNativeStrings(arguments);
        var envp = ToNativeStrings(environment.Select(e => $"{e.Key}={e.Value}"));
        var path = Marshal.StringToCoTaskMemUTF8("/proc/self/exe");
        execve(path, argv, envp);
        // Only reached when execve failed: the program runs on as it is.
        var error = Marshal.GetLastPInvokeErrorMessage();
        foreach (var pointer in argv.Concat(envp).Append(path)) Marshal.FreeCoTaskMem(pointer);
        Console.Error.WriteLine(
            $"robustgrid: could not restart with {library} preloaded ({error}); continuing on glibc malloc.");
    }

    private static IntPtr[] ToNativeStrings(IEnumerable<string> values) =>
        values.Select(v => Marshal.StringToCoTaskMemUTF8(v)).Append(IntPtr.Zero).ToArray();

    [DllImport("libc", SetLastError = true)]
    private static extern int execve(IntPtr path, IntPtr[] argv, IntPtr[] envp);
}
