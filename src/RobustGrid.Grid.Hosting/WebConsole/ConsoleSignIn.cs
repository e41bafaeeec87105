using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RobustGrid.Grid.Hosting.Api;

namespace RobustGrid.Grid.Hosting.WebConsole;

/// <summary>
/// How a browser presents an API token: the sign-in page checks it and keeps it in a cookie that scripts cannot read
/// and other sites' pages do not send (HttpOnly, SameSite=Strict); <see cref="BearerTokenHandler"/> accepts it as it
/// accepts the Authorization header, with the same scopes. A request that changes the grid with the cookie must also
/// carry <see cref="RequestHeader"/>, which only a script of this origin can add, so no other page can make a
/// signed-in browser launch or cancel a sweep.
/// </summary>
public static class ConsoleSignIn
{
    public const string Cookie = "robustgrid-token";

    public const string RequestHeader = "X-RobustGrid-Console";

    public const string Path = ConsolePage.Root + "/sign-in";

    /// <summary>Longest token text read from the form (tokens are far shorter).</summary>
    private const int MaxTokenLength = 1024;

    public static IEndpointRouteBuilder MapConsoleSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, () => ConsolePage.Answer("Sign in", Form(null))).ExcludeFromDescription();
        app.MapPost(Path, async (HttpContext context, ApiTokens tokens) =>
        {
            if (!context.Request.HasFormContentType)
                return ConsolePage.Error(400, "send the sign-in form");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var token = form["token"].ToString().Trim();
            if (token.Length is 0 or > MaxTokenLength || tokens.Authorize(token) is null)
                return ConsolePage.Answer("Sign in", Form("That token is not valid."), 401);
            context.Response.Cookies.Append(Cookie, token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
                IsEssential = true,
            });
            return Results.Redirect(ConsolePage.Root);
        }).ExcludeFromDescription();
        app.MapPost(ConsolePage.Root + "/sign-out", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/" });
            return Results.Redirect(Path);
        }).ExcludeFromDescription();
        return app;
    }

    private static Html Form(string? error)
    {
        var html = new Html().Element("p", "This silo's console needs one of its API tokens: a read token to look, " +
                                           "an admin token to launch, cancel, pause and resume.", "hint");
        if (error is not null) html.Element("p", error, "error");
        return html.Raw($"<form method=\"post\" action=\"{Path}\" class=\"sign-in\">")
            .Raw("<label>API token <input type=\"password\" name=\"token\" autocomplete=\"off\" required></label>")
            .Raw("<button type=\"submit\">Sign in</button></form>");
    }
}
