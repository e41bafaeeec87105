using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace RobustGrid.Grid.Hosting.Api;

/// <summary>
/// Reads a sweep spec from a request body, never more than the spec limit: a body that announces more is refused
/// unread, one that sends more is refused as soon as it passes the limit, and the connection is not drained after.
/// </summary>
internal static class SpecBody
{
    private const int ChunkBytes = 16 * 1024;

    /// <returns>The body as text, or null when it is longer than <paramref name="limit"/> bytes.</returns>
    public static async Task<string?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        // Kestrel then stops at the limit too, also when it would drain what is left of a refused body.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit;
        if (request.ContentLength > limit) return null;
        using var body = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (body.Length + read > limit) return null;
                body.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        body.Position = 0;
        using var reader = new StreamReader(body);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
