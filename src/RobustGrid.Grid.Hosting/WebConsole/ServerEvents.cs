using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RobustGrid.Grid.Hosting.WebConsole;

/// <summary>
/// A live block of a console page over server-sent events: the silo renders the block again every
/// <see cref="Interval"/> and sends it only when it changed, so an idle page costs the browser nothing; a comment
/// now and then keeps proxies from closing a quiet stream. The stream ends when the block says it is final, when
/// the browser leaves, or when the silo stops.
/// </summary>
public static class ServerEvents
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <param name="render">The block's HTML, and whether it will not change any more.</param>
    public static async Task StreamAsync(HttpContext context,
        Func<CancellationToken, Task<(string Html, bool Final)>> render)
    {
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = linked.Token;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        string? sent = null;
        var quietSince = DateTime.UtcNow;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var (html, final) = await render(token);
                if (html != sent)
                {
                    await response.WriteAsync(Event("update", html), token);
                    sent = html;
                    quietSince = DateTime.UtcNow;
                }
                else if (DateTime.UtcNow - quietSince > KeepAlive)
                {
                    await response.WriteAsync(": still here\n\n", token);
                    quietSince = DateTime.UtcNow;
                }
                await response.Body.FlushAsync(token);
                if (final)
                {
                    await response.WriteAsync(Event("done", "final"), token);
                    return;
                }
                await Task.Delay(Interval, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The browser left or the silo is stopping: nothing more to send.
        }
    }

    /// <summary>One event; every line of the data gets its own "data:" field, as the format asks.</summary>
    private static string Event(string name, string data)
    {
        var text = new StringBuilder("event: ").Append(name).Append('\n');
        foreach (var line in data.ReplaceLineEndings("\n").Split('\n')) text.Append("data: ").Append(line).Append('\n');
        return text.Append('\n').ToString();
    }
}
