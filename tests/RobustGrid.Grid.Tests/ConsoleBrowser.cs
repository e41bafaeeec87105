using Microsoft.Playwright;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Debian's chromium driven by Playwright, headless, on a fresh profile, with nothing that reaches the network on its
/// own; no browser is ever downloaded. When ROBUSTGRID_SCREENSHOTS names a folder (relative to the repository), pages
/// are photographed into it as console-NAME.png.
/// </summary>
internal sealed class ConsoleBrowser : IAsyncDisposable
{
    public const string ScreenshotsVariable = "ROBUSTGRID_SCREENSHOTS";

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _profile;

    private ConsoleBrowser(IPlaywright playwright, IBrowserContext context, string profile, IPage page)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<ConsoleBrowser> StartAsync(Uri baseUrl)
    {
        var playwright = await Playwright.CreateAsync();
        var profile = TestData.NewScratchFolder("chromium-profile-");
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new()
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run",
            ],
            BaseURL = baseUrl.ToString(),
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        return new ConsoleBrowser(playwright, context, profile, page);
    }

    /// <summary>Photographs the whole page when screenshots are asked for.</summary>
    public async Task ScreenshotAsync(string name)
    {
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) is not { Length: > 0 } folder) return;
        var path = Path.Combine(Repository.Root, folder, $"console-{name}.png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        _playwright.Dispose();
        Directory.Delete(_profile, recursive: true);
    }
}
