using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RobustGrid.Grid.Hosting.WebConsole;

namespace RobustGrid.Grid.Hosting.Api;

/// <summary>
/// Authenticates a request by its <c>Authorization: Bearer TOKEN</c> header against <see cref="ApiTokens"/>, and
/// answers 401 (no token, or an unknown one) and 403 (a read token on an admin endpoint) with a JSON error that says
/// which.
/// A silo without tokens, which only a loopback listener may be, treats every request as admin.
/// </summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, ApiTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (tokens.IsEmpty) return Task.FromResult(Success(ApiScope.Admin));
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return Task.FromResult(FromConsoleCookie());
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            || tokens.Authorize(header[Prefix.Length..].Trim()) is not { } scope)
            return Task.FromResult(AuthenticateResult.Fail("invalid token"));
        return Task.FromResult(Success(scope));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (HttpMethods.IsGet(Request.Method) && Request.Path.StartsWithSegments(ConsolePage.Root))
        {
            Response.Redirect(ConsoleSignIn.Path);
            return;
        }
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await Error(StatusCodes.Status401Unauthorized, result.Failure is null
            ? "this endpoint needs an API token: send 'Authorization: Bearer TOKEN'"
            : result.Failure.Message == "invalid token" ? "the API token is not valid" : result.Failure.Message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Error(StatusCodes.Status403Forbidden,
            "this endpoint changes the grid and needs an admin token; this token is read-only");

    /// <summary>A browser's token, from the console's cookie; changing the grid with it needs the console's
    /// header too (<see cref="ConsoleSignIn"/>).</summary>
    private AuthenticateResult FromConsoleCookie()
    {
        if (Request.Cookies[ConsoleSignIn.Cookie] is not { Length: > 0 } token) return AuthenticateResult.NoResult();
        if (tokens.Authorize(token) is not { } scope) return AuthenticateResult.Fail("invalid token");
        var safe = HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method);
        return safe || Request.Headers.ContainsKey(ConsoleSignIn.RequestHeader)
            ? Success(scope)
            : AuthenticateResult.Fail($"a request that changes the grid needs the {ConsoleSignIn.RequestHeader} " +
                                      "header with the console's cookie");
    }

    private Task Error(int status, string message)
    {
        Response.StatusCode = status;
        return Response.WriteAsJsonAsync(new { error = message }, GridApi.Json);
    }

    private static AuthenticateResult Success(ApiScope scope)
    {
        var identity = new ClaimsIdentity([new Claim(ApiAccess.ScopeClaim, ApiAccess.ClaimValue(scope))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
