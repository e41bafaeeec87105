using System.Net;
using System.Net.Sockets;

namespace RobustGrid.Tests.Shared;

/// <summary>
/// Ports for servers that must be told theirs in advance (Orleans silo and gateway ports, redis-server). Such a port is
/// only a candidate: free when it was chosen, it may be taken by another process before the server binds it, so a
/// start is retried on new candidates when it fails on a port in use. Servers that can bind port 0 and say which port
/// they got (Kestrel, Prometheus) are started that way instead.
/// </summary>
internal static class LoopbackPorts
{
    /// <summary>Starts tried before a port conflict fails the test: a conflict is rare, several in a row a real fault.</summary>
    public const int Attempts = 5;

    /// <summary>
    /// <paramref name="count"/> distinct ports the operating system handed out for loopback listeners and took back.
    /// The listeners are open together so that no two candidates are the same port.
    /// </summary>
    public static int[] Candidates(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }

    /// <summary>Whether a failure, or one it wraps, is a bind to a port that is in use.</summary>
    public static bool IsAddressInUse(Exception? failure) => failure switch
    {
        null => false,
        SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsAddressInUse),
        _ => IsAddressInUse(failure.InnerException),
    };

    /// <summary>Whether a program's output says that it could not bind a port in use (.NET, redis-server, Prometheus).</summary>
    public static bool ReportsAddressInUse(string output) => output.Contains("address already in use", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs <paramref name="start"/> (which takes new candidates each call) until it does not fail on a port in use.</summary>
    public static async Task<T> Retry<T>(Func<Task<T>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start();
            }
            catch (Exception e) when (attempt < Attempts && IsAddressInUse(e))
            {
                // Lost a candidate port to another process between choosing and binding it: choose again.
            }
        }
    }
}
