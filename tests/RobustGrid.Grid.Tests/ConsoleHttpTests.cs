using System.Net;
using System.Text.Json;
using RobustGrid.Grid.Hosting.Api;
using RobustGrid.Grid.Hosting.WebConsole;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The console as a hostile client meets it, over plain HTTP: text from a spec is escaped, pages only load this
/// silo's script, bad requests are refused with a message, and the console keeps the API's access rules, a browser
/// signing in with a token kept in a cookie that cannot change the grid from another site.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConsoleHttpTests
{
    private const string AdminToken = "console-admin-0123456789abcdef";
    private const string ReadToken = "console-read-0123456789abcdef";

    private const string HostileSpec = """
        # </pre><script>alert('spec')</script>
        name: console-escapes
        dataset: fashion-mnist
        parameters:
          epochs: {value: 1}
        """;

    [Fact]
    public async Task SpecTextIsEscapedAndBadRequestsAreRefusedWithAMessage()
    {
        await using var silo = await ApiSilo.StartAsync();
        using var launch = await silo.Http.PostAsync(new Uri("/api/sweeps", UriKind.Relative),
            new StringContent(HostileSpec));
        Assert.Equal(HttpStatusCode.Created, launch.StatusCode);
        var id = JsonDocument.Parse(await launch.Content.ReadAsStringAsync()).RootElement.GetProperty("sweepId")
            .GetString()!;

        using var page = await silo.Http.GetAsync(new Uri($"/console/sweeps/{id}", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(),
            StringComparison.Ordinal);

        await Refused(silo.Http, "/console/sweeps/no-such-sweep-20260101-000000-abcd", 404, "no sweep");
        await Refused(silo.Http, "/console/leaderboards/cifar10/clean", 404, "no leaderboard 'cifar10/clean'");
        await Refused(silo.Http, $"/console/leaderboards/a/b/entry?config={new string('x', 3000)}", 400,
            $"longer than {ConsoleEndpoints.MaxQueryValue} characters");
        await Refused(silo.Http, "/console/assets/..%2F..%2Fappsettings.json", 404, "no console file");
        await Refused(silo.Http, "/console/corruptions/imagenet.png", 404, "this silo draws no corruption previews");
        await Refused(silo.Http, $"/api/trials/{id}/00000/export", 404, "this silo cannot export checkpoints");
    }

    [Fact]
    public async Task ABrowserSignsInWithATokenAndKeepsItsScope()
    {
        await using var silo = await ApiSilo.StartAsync(new Dictionary<string, string>
        {
            [ApiTokens.AdminTokenVariable] = AdminToken,
            [ApiTokens.ReadTokenVariable] = ReadToken,
        });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = silo.Url,
        };

        using var anonymous = await http.GetAsync(new Uri("/console", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal(ConsoleSignIn.Path, anonymous.Headers.Location!.OriginalString);
        using var wrong = await SignIn(http, ReadToken + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("That token is not valid.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var read = await CookieOf(http, ReadToken);
        using var sweeps = await Send(http, HttpMethod.Get, "/console", read);
        Assert.Equal(HttpStatusCode.OK, sweeps.StatusCode);
        // Another site's page can send the cookie with a form, but not the console's header.
        using var forged = await Send(http, HttpMethod.Post, "/api/sweeps/validate", read);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains(ConsoleSignIn.RequestHeader, await forged.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        using var readOnly = await Send(http, HttpMethod.Post, "/api/sweeps/validate", read, console: true);
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);

        var admin = await CookieOf(http, AdminToken);
        using var check = await Send(http, HttpMethod.Post, "/api/sweeps/validate", admin, console: true,
            body: "name: console-check\ndataset: fashion-mnist\nparameters:\n  epochs: {value: 0}\n");
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        var errors = JsonDocument.Parse(await check.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.StartsWith("parameters.epochs: ", Assert.Single(errors.EnumerateArray()).GetString(),
            StringComparison.Ordinal);
    }

    private static async Task Refused(HttpClient http, string path, int status, string message)
    {
        using var answer = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(status, (int)answer.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()),
            StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SignIn(HttpClient http, string token) =>
        http.PostAsync(new Uri(ConsoleSignIn.Path, UriKind.Relative),
            new FormUrlEncodedContent([new KeyValuePair<string, string>("token", token)]));

    private static async Task<string> CookieOf(HttpClient http, string token)
    {
        using var answer = await SignIn(http, token);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var cookie = Assert.Single(answer.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        return cookie.Split(';')[0];
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string cookie,
        bool console = false, string? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("Cookie", cookie);
        if (console) request.Headers.Add(ConsoleSignIn.RequestHeader, "1");
        if (body is not null) request.Content = new StringContent(body);
        return http.SendAsync(request);
    }
}
