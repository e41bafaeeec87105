namespace RobustGrid.Grid.Tests;

/// <summary>
/// The CLI restarts itself on jemalloc (scripts/setup.sh installs libjemalloc2): the restarted process still runs the
/// command it was given, with its arguments and environment; ROBUSTGRID_ALLOCATOR chooses or declines. Each child
/// starts with LD_PRELOAD cleared, because scripts/test.sh runs the test hosts themselves on jemalloc.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NativeAllocatorTests
{
    private const string Jemalloc = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";

    [Fact]
    public async Task TheCliRunsOnJemallocAndKeepsItsCommandAndEnvironment()
    {
        Assert.True(File.Exists(Jemalloc), $"{Jemalloc} is missing: ./scripts/setup.sh installs libjemalloc2");
        var (exitCode, output) =
            await Run(new() { ["LD_PRELOAD"] = "", ["ROBUSTGRID_ALLOCATOR"] = "" }, "info", "--device", "cpu");
        Assert.Equal(0, exitCode);
        var normalized = Unwrap(output);
        Assert.Contains($"jemalloc ({Jemalloc}; MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1)", normalized);
        Assert.Contains("device cpu", normalized);

        // A MALLOC_CONF of the user's own is kept.
        (exitCode, output) = await Run(new() { ["LD_PRELOAD"] = "", ["MALLOC_CONF"] = "narenas:2" }, "info", "--device",
            "cpu");
        Assert.Equal(0, exitCode);
        Assert.Contains("MALLOC_CONF=narenas:2", Unwrap(output));
    }

    [Fact]
    public async Task SystemKeepsGlibcAndABadValueIsAClearError()
    {
        var (exitCode, output) = await Run(new() { ["LD_PRELOAD"] = "", ["ROBUSTGRID_ALLOCATOR"] = "system" }, "info",
            "--device", "cpu");
        Assert.Equal(0, exitCode);
        Assert.Contains("glibc malloc (ROBUSTGRID_ALLOCATOR=system)", Unwrap(output));

        (exitCode, output) =
            await Run(new() { ["LD_PRELOAD"] = "", ["ROBUSTGRID_ALLOCATOR"] = "/no/such/libjemalloc.so" }, "info");
        Assert.Equal(1, exitCode);
        Assert.Contains("ROBUSTGRID_ALLOCATOR=/no/such/libjemalloc.so", Unwrap(output));
        Assert.DoesNotContain("   at ", output);
    }

    private static Task<(int ExitCode, string Output)> Run(Dictionary<string, string> environment, params string[] args)
    {
        environment["COLUMNS"] = "200";
        return CliProcess.RunAsync(environment, TimeSpan.FromSeconds(60), args);
    }

    /// <summary>The info table's cells, joined into single spaces whatever the terminal width.</summary>
    private static string Unwrap(string table) =>
        string.Join(' ', table.Split(['│', '\n', '\r', '┌', '┐', '└', '┘', '─', '┬', '┴', '┼', '├', '┤'],
            StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Trim()).Where(part => part.Length > 0));
}
