using Microsoft.Extensions.Hosting;

namespace RobustGrid.Grid.Tests;

internal static class HostStart
{
    /// <summary>Starts the host; one that fails to start (a port taken) is disposed, so the caller can retry
    /// cleanly.</summary>
    public static async Task<IHost> StartOrDisposeAsync(this IHost host)
    {
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
