using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The HTTP API describes itself: /openapi/v1.json, served by a running silo, names every route the silo maps under
/// /api with each of its HTTP methods, and nothing under /api that the silo does not map.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task TheDocumentListsEveryApiRouteWithItsMethods()
    {
        await using var silo = await ApiSilo.StartAsync();
        var mapped = silo.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods
                .Select(m => (Path: e.RoutePattern.RawText!, Method: m.ToLowerInvariant())))
            .ToHashSet();
        Assert.True(mapped.Count >= 9, string.Join(", ", mapped));

        using var answer = await silo.Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.True(answer.IsSuccessStatusCode, answer.StatusCode.ToString());
        using var document = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var described = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Path: path.Name,
                Method: operation.Name)))
            .Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal))
            .ToHashSet();
        Assert.Equal(mapped.Order(), described.Order());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
    }
}
