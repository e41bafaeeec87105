using System.Net;

namespace RobustGrid.Grid.Hosting.Api;

/// <summary>Whether the HTTP API can be reached from other machines, read from the URLs it listens on.</summary>
public static class ListenAddresses
{
    /// <returns>The first URL that listens beyond this machine (a wildcard such as 0.0.0.0, '*' or '+', a non-loopback
    /// address, or a host name other than localhost), or null when every one is loopback.</returns>
    public static string? FirstExposed(IEnumerable<string> urls) => urls.FirstOrDefault(url => !IsLoopback(url));

    private static bool IsLoopback(string url)
    {
        // '*' and '+' are Kestrel's wildcards, which Uri does not read as hosts.
        var wildcard = url.Contains("://*", StringComparison.Ordinal) || url.Contains("://+", StringComparison.Ordinal);
        var host = !wildcard && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host.Trim('[', ']') : "*";
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
