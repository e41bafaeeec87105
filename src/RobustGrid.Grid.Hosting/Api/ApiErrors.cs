using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RobustGrid.Grid.Hosting.Api;

/// <summary>
/// Every answer of the HTTP API that is not a success carries a JSON error saying what was wrong: a request that
/// cannot be bound (a query value that is not a number) is a 400 naming the parameter, an unknown path a 404, and a
/// fault of the silo a 500 that says no more than that (the exception goes to the silo's log).
/// </summary>
public static class ApiErrors
{
    public static IServiceCollection AddApiErrors(this IServiceCollection services) =>
        // Binding failures become exceptions, which the handler below answers with their message, not a bare 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A request the API refuses is the client's mistake, not the silo's: answered, not logged as an error.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
            ExceptionHandler = context =>
            {
                var (status, message) = context.Features.Get<IExceptionHandlerFeature>()?.Error switch
                {
                    BadHttpRequestException e => (e.StatusCode, e.Message),
                    _ => (StatusCodes.Status500InternalServerError, "the silo failed to answer; its log says why"),
                };
                context.Response.StatusCode = status;
                return context.Response.WriteAsJsonAsync(new { error = message }, GridApi.Json);
            },
        });
        app.UseStatusCodePages(context =>
        {
            var response = context.HttpContext.Response;
            var request = context.HttpContext.Request;
            var message = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"no endpoint {request.Path}; see GET /",
                StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path}",
                _ => $"the request was refused ({response.StatusCode})",
            };
            return response.WriteAsJsonAsync(new { error = message }, GridApi.Json);
        });
        return app;
    }
}
