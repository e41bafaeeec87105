using Microsoft.Extensions.Hosting;

namespace RobustGrid.Grid.Hosting;

/// <summary>
/// The lifetime of a host that its owner starts and stops (the CLI's embedded silo and cluster client). The default
/// console lifetime takes Ctrl+C and SIGTERM for itself and only raises ApplicationStopping, which nothing here waits
/// on: the command never saw the signal, and the process trained on. With this lifetime the signal reaches the
/// command (System.CommandLine cancels its token), which stops the host gracefully.
/// </summary>
internal sealed class OwnerStoppedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
