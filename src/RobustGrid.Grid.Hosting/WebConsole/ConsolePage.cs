using Microsoft.AspNetCore.Http;

namespace RobustGrid.Grid.Hosting.WebConsole;

/// <summary>
/// The frame of every console page: navigation, the console's own style sheet and script, and headers that keep the
/// page from loading anything from elsewhere or running any script but ours.
/// </summary>
public static class ConsolePage
{
    public const string Root = "/console";

    /// <summary>Scripts and styles from this silo only; inline SVG is markup, not script.</summary>
    private const string ContentPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
                                         "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; " +
                                         "base-uri 'none'";

    private static readonly (string Href, string Text)[] Sections =
    [
        (Root, "Sweeps"), ($"{Root}/leaderboards", "Leaderboards"), ($"{Root}/corruptions", "Corruptions"),
        ($"{Root}/launch", "Launch"),
    ];

    public static IResult Answer(string title, Html body, int status = StatusCodes.Status200OK)
    {
        var page = new Html()
            .Raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<title>").Text(title).Raw(" · RobustGrid</title>")
            .Raw($"<link rel=\"stylesheet\" href=\"{Root}/assets/console.css\">")
            .Raw($"<script src=\"{Root}/assets/console.js\" defer></script></head><body><header>")
            .Raw($"<a class=\"brand\" href=\"{Root}\">RobustGrid</a><nav>");
        foreach (var (href, text) in Sections) page.Link(href, text);
        page.Raw("</nav></header><main>").Element("h1", title).Raw(body.ToString()).Raw("</main></body></html>");
        return new HtmlResult(page.ToString(), status);
    }

    /// <summary>A refused request, as a page that says why.</summary>
    public static IResult Error(int status, string message) =>
        Answer(status == StatusCodes.Status404NotFound ? "Not found" : "Refused",
            new Html().Element("p", message, "error"), status);

    private sealed class HtmlResult(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = ContentPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.CacheControl = "no-store";
            return response.WriteAsync(html, context.RequestAborted);
        }
    }
}
