using System.Net;
using System.Net.Sockets;

namespace RobustGrid.Tests.Shared;

/// <summary>
/// Ports for servers that must be told theirs in advance (Orleans silo and gateway ports, redis-server). They are
/// reserved, not picked and released: a <see cref="PortReservation"/> keeps each port bound until the server has bound
/// it too. Servers that can bind port 0 and say which port they got (Kestrel, Prometheus) are started that way instead.
/// </summary>
internal static class LoopbackPorts
{
    /// <summary>Starts tried before a port conflict fails the test: a conflict is rare, several in a row a real
    /// fault.</summary>
    public const int Attempts = 5;

    /// <summary><paramref name="count"/> distinct loopback ports that no bind to port 0 returns while they are
    /// held.</summary>
    public static PortReservation Reserve(int count) => new(count);

    /// <summary>Whether a failure, or one it wraps, is a bind to a port that is in use.</summary>
    public static bool IsAddressInUse(Exception? failure) => failure switch
    {
        null => false,
        SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsAddressInUse),
        _ => IsAddressInUse(failure.InnerException),
    };

    /// <summary>Whether a program's output says that it could not bind a port in use (.NET, redis-server,
    /// Prometheus).</summary>
    public static bool ReportsAddressInUse(string output) =>
        output.Contains("address already in use", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs <paramref name="start"/> (which reserves new ports each call) until it does not fail on a port in
    /// use.</summary>
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
                // Another process bound one of the reserved port numbers explicitly: reserve others.
            }
        }
    }
}

/// <summary>
/// Loopback ports bound by sockets that do not listen, with SO_REUSEADDR set. Linux gives a bound port to no bind of
/// port 0 and to no socket without SO_REUSEADDR, yet lets a server that sets it (.NET sockets and redis-server do)
/// bind and listen on the port while the reservation holds it. So the reservation is held until the server has bound
/// its ports, or has failed, and only then disposed; a child process that binds them itself may run while it is held.
/// </summary>
internal sealed class PortReservation : IDisposable
{
    // Linux's SOL_SOCKET and SO_REUSEADDR. .NET's ReuseAddress option also sets SO_REUSEPORT, which would let a second
    // listener share the port; the reservation wants SO_REUSEADDR alone.
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    private readonly List<Socket> _sockets = [];

    public PortReservation(int count)
    {
        try
        {
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                _sockets.Add(socket);
                socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            }
            Ports = [.. _sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port)];
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int[] Ports { get; } = [];

    public void Dispose()
    {
        foreach (var socket in _sockets) socket.Dispose();
        _sockets.Clear();
    }
}
