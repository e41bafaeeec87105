using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace RobustGrid.Grid.Hosting.Api;

/// <summary>
/// Who may use a silo's HTTP API: bearer tokens with a scope (<see cref="ApiTokens"/>, <see cref="ApiScope"/>). Tokens
/// are required whenever the API listens beyond loopback, and optional on loopback, where anyone who can connect could
/// also read the silo's files. /health is always open; /metrics is open unless <see cref="MetricsNeedTokenKey"/>
/// is set.
/// </summary>
public static class ApiAccess
{
    public const string ReadPolicy = "robustgrid-read";
    public const string AdminPolicy = "robustgrid-admin";
    public const string ScopeClaim = "robustgrid/scope";

    /// <summary>true: /metrics answers read and admin tokens only (Prometheus then sends one, e.g. its authorization
    /// setting). Default false: scrapers on the network need no secret, and the metrics hold no spec or path.</summary>
    public const string MetricsNeedTokenKey = "RobustGrid:Api:MetricsNeedToken";

    public static string ClaimValue(ApiScope scope) => scope == ApiScope.Admin ? "admin" : "read";

    /// <summary>Authentication and the scope policies; refuses an API beyond loopback without tokens.</summary>
    public static IServiceCollection AddApiAccess(this IServiceCollection services, ApiTokens tokens,
        IEnumerable<string> urls)
    {
        if (tokens.IsEmpty && ListenAddresses.FirstExposed(urls) is { } exposed)
            throw new InvalidOperationException(
                $"the HTTP API would listen on {exposed}, beyond this machine, without an API token: " +
                $"set {ApiTokens.AdminTokenVariable} (and {ApiTokens.ReadTokenVariable} for read-only clients) " +
                $"or a token file in {ApiTokens.TokenFileVariable}, or listen on 127.0.0.1 (see docs/security.md)");
        services.AddSingleton(tokens);
        // The core services only: AddAuthentication would add data protection, which makes and stores a key ring that
        // bearer tokens do not use.
        services.AddWebEncoders();
        services.AddAuthenticationCore(o => o.DefaultScheme = BearerTokenHandler.SchemeName);
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy,
                p => p.RequireClaim(ScopeClaim, ClaimValue(ApiScope.Read), ClaimValue(ApiScope.Admin)))
            .AddPolicy(AdminPolicy, p => p.RequireClaim(ScopeClaim, ClaimValue(ApiScope.Admin)));
        return services;
    }
}
