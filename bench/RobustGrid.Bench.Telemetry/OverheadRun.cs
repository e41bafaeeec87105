using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Hosting;
using RobustGrid.Grid.Training;

namespace RobustGrid.Bench.Telemetry;

/// <summary>The settings every repetition shares.</summary>
internal sealed record OverheadSettings(int TrainLimit, int Epochs, int TestLimit, int Threads, TimeSpan ScrapeInterval,
    TimeSpan Settle, string Root)
{
    public string Spec => string.Create(CultureInfo.InvariantCulture, $$"""
        name: telemetry-overhead
        dataset: fashion-mnist
        method: grid
        parameters:
          method: {value: erm}
          model: {value: small-cnn}
          learning_rate: {value: 0.05}
          epochs: {value: {{Epochs}}}
          train_limit: {value: {{TrainLimit}}}
          test_limit: {value: {{TestLimit}}}
          threads: {value: {{Threads}}}
        seeds: [0]
        parallel_trials: 1
        """);
}

/// <summary>One repetition's result: the trial's cost and, with telemetry on, what the scraper saw.</summary>
internal sealed record Repetition(bool Telemetry, TrialCost Cost, int Scrapes, long ScrapedBytes, int ScrapeFailures)
{
    public double ImagesPerSecond => Cost.ImagesTrained / Cost.TrainSeconds;

    public double CpuMillisecondsPerImage => 1000 * Cost.ProcessCpuSeconds / Cost.ImagesTrained;
}

/// <summary>
/// One repetition: a fresh silo host built by GridSiloHost (what robustgrid-silo runs), telemetry on or off, runs a
/// one-trial sweep of a real small-cnn training on Fashion-MNIST; with telemetry on, a child process scrapes /metrics.
/// </summary>
internal static class OverheadRun
{
    public static async Task<Repetition> RunAsync(OverheadSettings settings, bool telemetry, int index)
    {
        var (app, url, measured) = Build(settings, telemetry, index);
        await app.StartAsync();
        Process? scraper = null;
        try
        {
            if (telemetry) scraper = Scraper.Start(new Uri(url, "/metrics"), settings.ScrapeInterval);
            // Host start-up (JIT of per-host generated code, Orleans joining) is over before the trial is measured: a
            // long-running silo pays it once, not per image.
            await Task.Delay(settings.Settle);
            await RunSweepAsync(app, settings, index);
            var (scrapes, bytes, failures) = scraper is null ? (0, 0L, 0) : await Scraper.StopAsync(scraper);
            return new Repetition(telemetry, measured.Costs.Single(), scrapes, bytes, failures);
        }
        finally
        {
            if (scraper is { HasExited: false }) scraper.Kill();
            scraper?.Dispose();
            await StopAsync(app);
        }
    }

    /// <summary>The silo host as robustgrid-silo builds it, with the measuring wrapper around the torch
    /// executor.</summary>
    public static (WebApplication App, Uri Url, MeasuredExecutor Measured) Build(OverheadSettings settings,
        bool telemetry, int index)
    {
        var measured = new MeasuredExecutor();
        var (siloPort, gatewayPort, httpPort) = (FreePort(), FreePort(), FreePort());
        var url = new Uri($"http://127.0.0.1:{httpPort}");
        var app = GridSiloHost.Build(
            [$"--{GridSiloHost.TelemetryEnabledKey}={telemetry}", "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:Orleans=Error"],
            services =>
            {
                services.AddTorchTrialExecution().AddGpuTelemetry();
                // Registered last, so the metered wrapper (telemetry on) goes around this one.
                services.AddSingleton<ITrialExecutor>(
                    sp => measured.Around(ActivatorUtilities.CreateInstance<TorchTrialExecutor>(sp)));
            },
            url.ToString(),
            host =>
            {
                host.Mode = GridClusterMode.Localhost;
                host.SiloPort = host.PrimarySiloPort = siloPort;
                host.GatewayPort = gatewayPort;
                host.Home = Path.Combine(settings.Root, $"repetition-{index}");
            });
        return (app, url, measured);
    }

    /// <summary>Launches the one-trial sweep and waits for it to complete.</summary>
    public static async Task RunSweepAsync(WebApplication app, OverheadSettings settings, int index)
    {
        var grid = app.Services.GetRequiredService<IClusterClient>();
        var launch = await grid.GetGrain<ISweepRegistryGrain>(0).Launch(settings.Spec, $"overhead-{index}");
        if (!launch.Ok) throw new InvalidOperationException(string.Join("\n", launch.Errors));
        var sweep = grid.GetGrain<ISweepGrain>(launch.SweepId!);
        var clock = Stopwatch.StartNew();
        SweepSummary summary;
        do
        {
            await Task.Delay(500);
            summary = await sweep.GetSummary();
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
                throw new TimeoutException("the sweep did not finish in 10 minutes");
        }
        while (summary.State is not (SweepState.Completed or SweepState.Failed or SweepState.Cancelled));
        if (summary.State != SweepState.Completed || summary.Counts.GetValueOrDefault(TrialState.Completed) != 1)
            throw new InvalidOperationException($"sweep ended {summary.State}");
    }

    public static async Task StopAsync(WebApplication app)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await app.StopAsync(timeout.Token);
        await app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
