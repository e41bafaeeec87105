using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RobustGrid.Grid.Training;
using static Microsoft.Playwright.Assertions;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The console in a real browser on a silo that trains for real: a small sweep progresses on the Sweeps page without
/// a reload until it completes, its board ranks by mCE when that column is picked, an entry shows its corruption
/// heatmap, and the Launch page shows a spec's errors with their paths, launches a valid spec and cancels it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConsoleBrowserTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>The quick sweep's shape (erm against ipmix over seeds, scored on corruptions) at a size that takes
    /// seconds: 3 corruptions (at every severity, as the evaluator always scores).</summary>
    private const string Spec = """
        name: console-quick
        dataset: fashion-mnist
        method: grid
        metric: {name: corruption/mce, goal: minimize}
        parameters:
          method: {values: [erm, ipmix]}
          model: {value: small-cnn}
          learning_rate: {value: 0.05}
          batch_size: {value: 64}
          epochs: {value: 2}
          train_limit: {value: 512}
          test_limit: {value: 200}
          threads: {value: 1}
        seeds: [0, 1]
        parallel_trials: 2
        max_failures: 1
        evaluation:
          suite: fashion-mnist-c
          corruptions: [gaussian_noise, fog, contrast]
        """;

    /// <summary>Long enough to be cancelled while it trains.</summary>
    private const string LongSpec = """
        name: console-cancel
        dataset: fashion-mnist
        parameters:
          model: {value: small-cnn}
          epochs: {value: 200}
          train_limit: {value: 2048}
          threads: {value: 1}
        """;

    [ChromiumFact]
    public async Task ASweepRunsLiveRanksByMceShowsItsHeatmapAndTheLaunchPageChecksAndCancels()
    {
        await using var silo = await ApiSilo.StartAsync(
            new Dictionary<string, string>
            {
                ["RobustGrid:Silo:TrainerSlots"] = "2",
                ["RobustGrid:Silo:DriveSweeps"] = "true",
            },
            services => services.AddTorchTrialExecution());
        using var launch = await silo.Http.PostAsync(new Uri("/api/sweeps", UriKind.Relative), new StringContent(Spec));
        var launched = await launch.Content.ReadAsStringAsync();
        Assert.True(launch.IsSuccessStatusCode, launched);
        var id = JsonDocument.Parse(launched).RootElement.GetProperty("sweepId").GetString()!;
        await using var browser = await ConsoleBrowser.StartAsync(silo.Url);
        var page = browser.Page;

        // Sweeps: the row changes as the trials run, without a reload (the marker would be gone).
        await page.GotoAsync("/console");
        await page.EvaluateAsync("window.notReloaded = true");
        var row = page.Locator($"tr[data-sweep='{id}']");
        await Expect(row).ToHaveAttributeAsync("data-state", "completed", new() { Timeout = Ms(Patience) });
        Assert.True(await page.EvaluateAsync<bool>("window.notReloaded === true"));
        await Expect(row.Locator("td.num").First).ToHaveTextAsync("4/4");
        await browser.ScreenshotAsync("sweeps");

        // A sweep: its trials, and the learning curves of all four on one chart per value.
        await row.Locator("a").ClickAsync();
        await Expect(page.Locator("#trials tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("svg.line-chart").First.Locator("g.series")).ToHaveCountAsync(4);
        await Expect(page.Locator("svg.line-chart").First.Locator("circle")).ToHaveCountAsync(8);
        await page.Locator("input[data-filter='trials']").FillAsync("ipmix");
        await Expect(page.Locator("#trials tbody tr:visible")).ToHaveCountAsync(2);
        await page.Locator("input[data-filter='trials']").FillAsync("");
        await browser.ScreenshotAsync("sweep");

        // Leaderboards: rank by mCE by picking its column; the rows come in increasing mCE.
        await page.GotoAsync("/console/leaderboards");
        await page.GetByRole(AriaRole.Link, new() { Name = "fashion-mnist/fashion-mnist-c" }).ClickAsync();
        await page.Locator("th[data-metric='corruption/mce'] a").ClickAsync();
        await Expect(page.Locator("p.reason")).ToContainTextAsync("ranked by corruption/mce");
        var mce = (await page.Locator("#board tbody tr td:nth-child(6)").AllTextContentsAsync())
            .Select(text => double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, mce.Count);
        Assert.True(mce[0] <= mce[1], string.Join(", ", mce));
        await Expect(page.Locator("svg.scatter g[data-points]")).ToHaveAttributeAsync("data-points", "2");
        await Expect(page.Locator("svg.scatter circle.pareto")).Not.ToHaveCountAsync(0);
        await browser.ScreenshotAsync("leaderboard");

        // An entry: its heatmap has a scored cell for each of the 3 corruptions × 5 severities, and nothing else.
        await page.Locator("#board tbody tr").First.Locator("td:nth-child(2) a").ClickAsync();
        await Expect(page.Locator("#heatmap svg g.cell")).ToHaveCountAsync(15);
        await Expect(page.Locator("#heatmap svg text.cell-value")).ToHaveCountAsync(15);
        await Expect(page.Locator("#heatmap svg")).ToContainTextAsync("gaussian_noise");
        // Its weights download as safetensors: an 8-byte header length, then the JSON header.
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.Locator("a.export", new() { HasText = "safetensors" }).First.ClickAsync());
        var weights = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.EndsWith(".safetensors", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal((byte)'{', weights[8]);
        Assert.True(BitConverter.ToInt64(weights, 0) + 8 < weights.Length, $"{weights.Length} bytes");
        await browser.ScreenshotAsync("entry");

        await page.GotoAsync("/console/corruptions");
        var preview = page.Locator("img.preview").First;
        await Expect(preview).ToHaveAttributeAsync("src", new Regex("fashion-mnist"));
        // Every preview drawn, or replaced by the reason there is none (a dataset not installed here).
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('img.preview')]" +
                                        ".every(i => i.complete && i.naturalWidth > 0)", null,
            new() { Timeout = 60_000 });
        Assert.True(await preview.EvaluateAsync<bool>("i => i.naturalWidth > 0"));
        await browser.ScreenshotAsync("corruptions");

        // Launch: an error shown with its field path, then a valid spec launched and cancelled.
        await page.GotoAsync("/console/launch");
        await page.Locator("#spec").FillAsync(LongSpec.Replace("{value: 200}", "{value: 0}",
            StringComparison.Ordinal));
        await page.Locator("#launch-button").ClickAsync();
        await Expect(page.Locator("ul.spec-errors code")).ToHaveTextAsync("parameters.epochs");
        Assert.EndsWith("/console/launch", page.Url, StringComparison.Ordinal);
        await browser.ScreenshotAsync("launch");
        await page.Locator("#spec").FillAsync(LongSpec);
        await page.Locator("#launch-button").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console/sweeps/console-cancel-"),
            new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.Locator("dl.summary")).ToHaveAttributeAsync("data-state", "cancelled",
            new() { Timeout = 30_000 });
    }

    private static float Ms(TimeSpan span) => (float)span.TotalMilliseconds;
}
