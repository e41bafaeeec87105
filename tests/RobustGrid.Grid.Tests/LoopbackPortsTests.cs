using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Reserved ports stay bound until the reservation is disposed, so no other program can take them in between, and a
/// server told one of them can still bind and listen on it meanwhile.
/// </summary>
public sealed class LoopbackPortsTests
{
    private const int AddressInUse = 98; // Linux's EADDRINUSE

    /// <summary>
    /// Binds 127.0.0.1:<paramref name="port"/> as most programs do, without SO_REUSEADDR (which .NET sets on every
    /// socket it binds, so a .NET socket cannot show this), and closes the socket again. Returns 0 or the errno.
    /// </summary>
    private static int BindWithoutReuse(int port)
    {
        var fd = OpenSocket(2 /* AF_INET */, 1 /* SOCK_STREAM */, 0);
        Assert.True(fd >= 0, $"socket() failed: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            // struct sockaddr_in: family, port and address in network order, 8 bytes of padding.
            byte[] address = [2, 0, (byte)(port >> 8), (byte)port, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
            return BindSocket(fd, address, address.Length) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        finally
        {
            CloseSocket(fd);
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in the test project for these libc calls
    [DllImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static extern int OpenSocket(int domain, int type, int protocol);

    [DllImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static extern int BindSocket(int fd, byte[] address, int length);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int CloseSocket(int fd);
#pragma warning restore SYSLIB1054

    [Fact]
    public void AReservedPortStaysBoundUntilTheReservationIsDisposed()
    {
        int[] ports;
        using (var reservation = LoopbackPorts.Reserve(3))
        {
            ports = reservation.Ports;
            Assert.Equal(3, ports.Distinct().Count());
            Assert.All(ports, port => Assert.Equal(AddressInUse, BindWithoutReuse(port)));
        }
        Assert.Equal(0, BindWithoutReuse(ports[0]));
    }

    [Fact]
    public async Task AServerBindsAndServesAReservedPortWhileTheReservationIsHeld()
    {
        using var reservation = LoopbackPorts.Reserve(1);
        var server = new TcpListener(IPAddress.Loopback, reservation.Ports[0]);
        server.Start();
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, reservation.Ports[0]);
            using var accepted = await server.AcceptTcpClientAsync();
            Assert.True(accepted.Connected);
        }
        finally
        {
            server.Stop();
        }
    }
}
