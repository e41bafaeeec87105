using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RobustGrid.Grid.Hosting.Api;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The HTTP API with tokens: no token or an unknown one is 401, a read token may read and is 403 on anything that
/// changes the grid, an admin token may do both; /health stays open and /metrics follows its setting. Without tokens,
/// which a silo allows on loopback only, everything is open.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ApiAccessTests
{
    private const string AdminToken = "admin-token-0123456789abcdef";
    private const string ReadToken = "read-token-0123456789abcdef";

    private const string Spec = "name: access\ndataset: fashion-mnist\nparameters:\n  epochs: {value: 1}\n";

    [Fact]
    public async Task TokensAndScopesDecideWhoMayReadAndWhoMayChangeTheGrid()
    {
        var tokenFile = Path.Combine(TestData.NewScratchFolder("tokens-"), "tokens");
        await File.WriteAllTextAsync(tokenFile, $"# read-only dashboards\nread {ReadToken}\n");
        await using var silo = await ApiSilo.StartAsync(new Dictionary<string, string>
        {
            [ApiTokens.AdminTokenVariable] = AdminToken,
            [ApiTokens.TokenFileVariable] = tokenFile,
            [ApiAccess.MetricsNeedTokenKey] = "true",
        });

        var anonymous = await Send(silo, HttpMethod.Get, "/api/sweeps", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Contains("needs an API token", anonymous.Error);
        var wrong = await Send(silo, HttpMethod.Get, "/api/sweeps", AdminToken + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Contains("not valid", wrong.Error);
        Assert.Equal(HttpStatusCode.OK, await Status(silo, HttpMethod.Get, "/api/sweeps", ReadToken));
        Assert.Equal(HttpStatusCode.OK, await Status(silo, HttpMethod.Get, "/api/slots", AdminToken));

        Assert.Equal(HttpStatusCode.Unauthorized, await Status(silo, HttpMethod.Post, "/api/sweeps", null, Spec));
        var readLaunch = await Send(silo, HttpMethod.Post, "/api/sweeps", ReadToken, Spec);
        Assert.Equal(HttpStatusCode.Forbidden, readLaunch.Status);
        Assert.Contains("needs an admin token", readLaunch.Error);
        var sweeps = (await Send(silo, HttpMethod.Get, "/api/sweeps", ReadToken)).Body;
        Assert.Empty(JsonDocument.Parse(sweeps).RootElement.EnumerateArray());
        var launch = await Send(silo, HttpMethod.Post, "/api/sweeps", AdminToken, Spec);
        Assert.Equal(HttpStatusCode.Created, launch.Status);
        var id = JsonDocument.Parse(launch.Body).RootElement.GetProperty("sweepId").GetString();

        var pause = await Status(silo, HttpMethod.Post, $"/api/sweeps/{id}/pause", ReadToken);
        Assert.Equal(HttpStatusCode.Forbidden, pause);
        Assert.Equal(HttpStatusCode.OK, await Status(silo, HttpMethod.Get, $"/api/sweeps/{id}", ReadToken));
        var cancel = await Send(silo, HttpMethod.Post, $"/api/sweeps/{id}/cancel", AdminToken);
        Assert.Equal(HttpStatusCode.OK, cancel.Status);
        Assert.Equal("cancelled", JsonDocument.Parse(cancel.Body).RootElement.GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.OK, await Status(silo, HttpMethod.Get, "/health", null));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(silo, HttpMethod.Get, "/metrics", null));
        Assert.Equal(HttpStatusCode.OK, await Status(silo, HttpMethod.Get, "/metrics", ReadToken));
    }

    [Fact]
    public async Task WithoutTokensALoopbackApiIsOpenAndSoIsMetricsByDefault()
    {
        await using var silo = await ApiSilo.StartAsync();
        Assert.Equal(HttpStatusCode.Created, await Status(silo, HttpMethod.Post, "/api/sweeps", null, Spec));
        Assert.Equal(HttpStatusCode.OK, await Status(silo, HttpMethod.Get, "/api/sweeps", null));
        Assert.Equal(HttpStatusCode.OK, await Status(silo, HttpMethod.Get, "/metrics", null));
    }

    private static async Task<HttpStatusCode> Status(ApiSilo silo, HttpMethod method, string path, string? token,
        string? body = null) => (await Send(silo, method, path, token, body)).Status;

    /// <summary>Sends a request, with a bearer token when one is given: the answer and its JSON error.</summary>
    internal static async Task<(HttpStatusCode Status, string Body, string Error)> Send(ApiSilo silo,
        HttpMethod method, string path, string? token, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(body);
        using var response = await silo.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var error = response.IsSuccessStatusCode || !text.StartsWith('{') ? ""
            : JsonDocument.Parse(text).RootElement.TryGetProperty("error", out var e) ? e.GetString() ?? "" : text;
        return (response.StatusCode, text, error);
    }
}
