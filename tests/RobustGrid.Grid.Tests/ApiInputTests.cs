using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Bad input to the real HTTP API is a 4xx with a message, never a 500: specs the check refuses (400 with every
/// error), unreadable YAML (400 at a line and column), inputs outside the grid's folders, query values that are not
/// numbers, unknown sweeps and trials (404), and bodies over the spec limit (413, read no further than the limit).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ApiInputTests(ApiInputTests.Silo fixture) : IClassFixture<ApiInputTests.Silo>
{
    private const string ImportFolder = "/srv/robustgrid-imports";
    private const string DataRoot = "/srv/robustgrid-data";
    private const int HttpFuzzSpecs = 1000;

    private const string Spec = """
        name: inputs
        dataset: fashion-mnist
        parameters:
          learning_rate: {values: [0.1, 0.2]}
        """;

    private const string OneEpoch = "dataset: fashion-mnist\nparameters:\n  epochs: {value: 1}\n";

    public sealed class Silo : IAsyncLifetime
    {
        public ApiSilo Api { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Api = await ApiSilo.StartAsync(new Dictionary<string, string>
            {
                ["RobustGrid:Cluster:ImportFolders:0"] = ImportFolder,
                ["RobustGrid:Cluster:DataRoots:0"] = DataRoot,
                // The fuzz launches what it can: the other tests must still find room for their sweeps.
                ["RobustGrid:Limits:MaxConcurrentSweeps"] = "100000",
            });

        public async Task DisposeAsync() => await Api.DisposeAsync();
    }

    private ApiSilo Api => fixture.Api;

    [Fact]
    public async Task UnknownSweepsAndTrialsAre404AndADefinedTrialIsFound()
    {
        var missingTrial = await Get("/api/trials/nosuch/00000");
        Assert.Equal(HttpStatusCode.NotFound, missingTrial.Status);
        Assert.Contains("no sweep 'nosuch'", missingTrial.Error);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("/api/sweeps/nosuch")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("/api/sweeps/.hidden")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Post("/api/sweeps/nosuch/cancel", null)).Status);
        var route = await Get("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, route.Status);
        Assert.Contains("no endpoint /api/nothing-here", route.Error);

        var id = await Launch(Spec);
        Assert.Equal(HttpStatusCode.OK, (await Get($"/api/trials/{id}/00001")).Status);
        var beyond = await Get($"/api/trials/{id}/00002");
        Assert.Equal(HttpStatusCode.NotFound, beyond.Status);
        Assert.Contains("defines 2", beyond.Error);
        Assert.Equal(HttpStatusCode.BadRequest, (await Get($"/api/trials/{id}/x1")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"/api/sweeps/{id}/explode", null)).Status);
    }

    [Fact]
    public async Task UnreadableYamlAndQueryValuesThatAreNotNumbersAre400WithAMessage()
    {
        var yaml = await Post("/api/sweeps", "a: {b: 1\nc: 2}");
        Assert.Equal(HttpStatusCode.BadRequest, yaml.Status);
        var error = Assert.Single(Errors(yaml.Body));
        Assert.StartsWith("(line 1, column ", error, StringComparison.Ordinal);
        Assert.Contains("invalid YAML", error);

        var query = await Get("/api/leaderboards/fashion-mnist/clean?top=many");
        Assert.Equal(HttpStatusCode.BadRequest, query.Status);
        Assert.Contains("top", query.Error);
    }

    [Fact]
    public async Task APretrainedCheckpointComingThroughTheApiIsHeldToTheGridFolders()
    {
        const string Head = "dataset: fashion-mnist\nparameters:\n  method: {value: pretrained}\n";
        var missing = await Post("/api/sweeps", Head);
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Contains(Errors(missing.Body), e => e.Contains("needs pretrained.checkpoint", StringComparison.Ordinal));
        var outside = await Post("/api/sweeps", Head + "  pretrained.checkpoint: {value: /etc/hostname}\n");
        Assert.Equal(HttpStatusCode.BadRequest, outside.Status);
        Assert.Equal([$"parameters.pretrained.checkpoint: {MethodInputRules.InputUsage}"], Errors(outside.Body));
    }

    [Fact]
    public async Task DatasetsOutsideTheDataRootsAre400NamingTheField()
    {
        foreach (var dataset in new[]
        {
            "folder:/etc", "folder:" + DataRoot, $"folder:{DataRoot}/../etc", "folder:robustgrid-data/shapes",
            $"folder:{DataRoot}//shapes", "unregistered-name", "Cifar10", "folder:",
        })
        {
            var refused = await Post("/api/sweeps", $"dataset: \"{dataset}\"\nparameters:\n  epochs: {{value: 1}}\n");
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            var error = Assert.Single(Errors(refused.Body));
            Assert.StartsWith("dataset: ", error);
            Assert.DoesNotContain("\n", error);
        }
        var inside = await Post("/api/sweeps?name=data-root",
            $"dataset: folder:{DataRoot}/shapes\nparameters:\n  epochs: {{value: 1}}\n");
        Assert.True(inside.Status is HttpStatusCode.Created or HttpStatusCode.OK, inside.Body);
    }

    [Fact]
    public async Task AFolderDatasetsBoardIsReadByItsEncodedNameAndDatasetsOutsideTheGridAre400()
    {
        var dataset = $"folder:{DataRoot}/boards";
        await Api.Grains.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For(dataset, "clean")).Record(
            new LeaderboardEntry("boards-20260101-000000-abcd/00000", "boards-20260101-000000-abcd", dataset, "clean",
                "small-cnn", "erm", "erm small-cnn", 0, [], "",
                new() { ["clean/error"] = 0.25, ["clean/accuracy"] = 0.75 }, DateTimeOffset.UnixEpoch));
        var segment = Uri.EscapeDataString(dataset);
        Assert.Contains("%2F", segment);

        var board = await Get($"/api/leaderboards/{segment}/clean");
        Assert.True(board.Status == HttpStatusCode.OK, board.Body);
        var page = JsonDocument.Parse(board.Body).RootElement;
        Assert.Equal(dataset, page.GetProperty("dataset").GetString());
        Assert.Equal(0.25, Assert.Single(page.GetProperty("rows").EnumerateArray())
            .GetProperty("metricMeans").GetProperty("clean/error").GetDouble());
        var pareto = await Get($"/api/leaderboards/{segment}/clean/pareto?metrics=clean/error,clean/accuracy");
        Assert.True(pareto.Status == HttpStatusCode.OK, pareto.Body);
        // The console links the board by the same segment, and serves it there.
        var list = await Get("/console/leaderboards");
        Assert.Contains($"/console/leaderboards/{segment}/clean\"", list.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Get($"/console/leaderboards/{segment}/clean")).Status);

        // As in a spec, only datasets this grid could have: refused before any board is looked up.
        foreach (var hostile in new[]
        {
            "folder:/etc", $"folder:{DataRoot}/../etc", "folder:robustgrid-data/boards", "folder:", "unregistered-name",
            "Cifar10",
        })
        {
            foreach (var path in new[] { "/api/leaderboards/{0}/clean", "/api/leaderboards/{0}/clean/pareto" +
                "?metrics=clean/error,clean/accuracy", "/console/leaderboards/{0}/clean" })
            {
                var refused = await Get(string.Format(CultureInfo.InvariantCulture, path,
                    Uri.EscapeDataString(hostile)));
                Assert.True(refused.Status == HttpStatusCode.BadRequest, $"{path} {hostile}: {refused.Body}");
                Assert.Contains("dataset: not a dataset of this grid", refused.Body, StringComparison.Ordinal);
            }
        }
        // A folder of the data roots without entries has no board.
        var empty = await Get($"/api/leaderboards/{Uri.EscapeDataString($"folder:{DataRoot}/other")}/clean");
        Assert.Equal(HttpStatusCode.NotFound, empty.Status);
        // The silo is shared by this class's tests: other boards may be listed too.
        Assert.Contains($"{dataset}/clean", empty.Error.Split("leaderboards: ")[1].Split(", "));
    }

    [Fact]
    public async Task ABoardOfACorruptionSubsetIsReadByItsNameAndOtherSuitesAre404()
    {
        var (spec, errors) = SweepSpecParser.Parse("dataset: fashion-mnist\nparameters:\n  epochs: {value: 1}\n" +
            "evaluation: {suite: fashion-mnist-c, corruptions: [gaussian_noise, fog], severities: [3], " +
            "n_examples: 200}\n");
        Assert.Empty(errors);
        var suite = GridCatalog.BoardSuite(spec!.Evaluation);
        Assert.Equal("fashion-mnist-c@c:fog+gaussian_noise@s3@n200", suite);
        await Api.Grains.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("fashion-mnist", suite)).Record(
            new LeaderboardEntry("subset-20260101-000000-abcd/00000", "subset-20260101-000000-abcd", "fashion-mnist",
                suite, "small-cnn", "erm", "erm small-cnn", 0, [], "",
                new() { ["mce"] = 0.4, ["clean/error"] = 0.25 }, DateTimeOffset.UnixEpoch));

        foreach (var segment in new[] { Uri.EscapeDataString(suite), suite })
        {
            var board = await Get($"/api/leaderboards/fashion-mnist/{segment}?metric=mce");
            Assert.True(board.Status == HttpStatusCode.OK, board.Body);
            Assert.Equal(0.4, Assert.Single(JsonDocument.Parse(board.Body).RootElement.GetProperty("rows")
                .EnumerateArray()).GetProperty("metricMeans").GetProperty("mce").GetDouble());
            Assert.Equal(HttpStatusCode.OK, (await Get($"/console/leaderboards/fashion-mnist/{segment}")).Status);
        }
        // The full suite's board and other subsets' are other boards: none has entries.
        foreach (var other in new[]
        {
            "fashion-mnist-c", "fashion-mnist-c@s3", "fashion-mnist-c@c:fog+gaussian_noise@s3",
            "fashion-mnist-c@s3@n200@c:fog+gaussian_noise", "fashion-mnist-c@c:FOG+gaussian_noise@s3@n200",
        })
        {
            var missing = await Get($"/api/leaderboards/fashion-mnist/{Uri.EscapeDataString(other)}");
            Assert.Equal(HttpStatusCode.NotFound, missing.Status);
            Assert.StartsWith($"no leaderboard 'fashion-mnist/{other}'", missing.Error, StringComparison.Ordinal);
            Assert.Contains($"fashion-mnist/{suite}", missing.Error.Split("leaderboards: ")[1].Split(", "));
        }
        var climbing = await Get($"/api/leaderboards/fashion-mnist/{Uri.EscapeDataString(suite + "/../..")}");
        Assert.Equal(HttpStatusCode.NotFound, climbing.Status);
    }

    [Fact]
    public async Task InputsOutsideTheGridFoldersAreRefusedAlikeAndNamesCannotLeaveTheirFolder()
    {
        string Input(string value) =>
            $"dataset: fashion-mnist\nparameters:\n  method: {{value: advbn}}\n" +
            $"  advbn.checkpoint: {{value: \"{value}\"}}\n";
        var present = await Post("/api/sweeps", Input("/etc/hostname"));
        var absent = await Post("/api/sweeps", Input("/etc/no-such-file-here"));
        Assert.Equal(HttpStatusCode.BadRequest, present.Status);
        Assert.Equal(present.Body, absent.Body);
        Assert.Equal([$"parameters.advbn.checkpoint: {MethodInputRules.InputUsage}"], Errors(present.Body));

        var traversal = await Post("/api/sweeps", Input("trial:../00000"));
        const string NotATrial = "parameters.advbn.checkpoint: 'trial:../00000' does not name a trial";
        Assert.Contains(Errors(traversal.Body), e => e.StartsWith(NotATrial, StringComparison.Ordinal));
        var imported = await Post("/api/sweeps?name=imported", Input(ImportFolder + "/erm/checkpoint.rgck"));
        Assert.Equal(HttpStatusCode.Created, imported.Status);

        var dotName = await Post("/api/sweeps?name=..", OneEpoch);
        Assert.Equal(HttpStatusCode.BadRequest, dotName.Status);
        Assert.Contains(Errors(dotName.Body), e => e.StartsWith("name: ", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, (await Post("/api/sweeps", "name: ..\n" + OneEpoch)).Status);
    }

    [Fact]
    public async Task ABodyThatAnnouncesMoreThanTheLimitIsRefusedUnread()
    {
        var (head, body, sent) = await RawPost($"Content-Length: {29 << 20}\r\n", chunked: false, bytesToOffer: 0);
        Assert.StartsWith("HTTP/1.1 413", head, StringComparison.Ordinal);
        Assert.Contains("limit of 262144 bytes (RobustGrid:Limits:MaxSpecBytes)", body);
        Assert.Equal(0, sent);
    }

    [Fact]
    public async Task AStreamedBodyIsRefusedOnceItPassesTheLimitAndReadNoFurther()
    {
        // Chunked, so that no length is announced: the silo has to count what it reads.
        const long offered = 1L << 30;
        var (head, body, sent) = await RawPost("Transfer-Encoding: chunked\r\n", chunked: true, bytesToOffer: offered);
        Assert.StartsWith("HTTP/1.1 413", head, StringComparison.Ordinal);
        Assert.Contains("limit of 262144 bytes", body);
        // What left this side before the answer: the limit, and what the sockets' buffers took on top.
        Assert.True(sent < 64 << 20, $"the client sent {sent} bytes of a refused body");
    }

    [Fact]
    public async Task FuzzedSpecsThroughTheApiAreAnsweredWithErrorsThatSayWhere()
    {
        var fuzz = new SpecFuzz(7);
        var valid = SpecFuzz.Examples.ToList();
        var problems = new List<string>();
        await Task.Run(async () =>
        {
            for (var i = 0; i < HttpFuzzSpecs; i++)
            {
                var bytes = i % 2 == 0 ? Encoding.UTF8.GetBytes(fuzz.Grammar()) : fuzz.Mutated(valid);
                using var response = await Api.Http.PostAsync("/api/sweeps?name=fuzz", new ByteArrayContent(bytes));
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status is 200 or 201) continue;
                var why = status == 400 ? SpecFuzz.Unexplained(Errors(text)) : $"answered {status}";
                if (why is not null) problems.Add($"{why}: {text}\nfor:\n{Encoding.UTF8.GetString(bytes)}");
            }
        }).WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(problems.Count == 0, string.Join("\n\n", problems.Take(5)));
    }

    private async Task<string> Launch(string spec)
    {
        var launched = await Post("/api/sweeps", spec);
        Assert.True(launched.Status is HttpStatusCode.Created or HttpStatusCode.OK, launched.Body);
        return JsonDocument.Parse(launched.Body).RootElement.GetProperty("sweepId").GetString()!;
    }

    private Task<(HttpStatusCode Status, string Body, string Error)> Get(string path) =>
        ApiAccessTests.Send(Api, HttpMethod.Get, path, null);

    private Task<(HttpStatusCode Status, string Body, string Error)> Post(string path, string? body) =>
        ApiAccessTests.Send(Api, HttpMethod.Post, path, null, body);

    private static List<string> Errors(string body) =>
        [.. JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>
    /// POSTs a spec over a raw connection, offering up to <paramref name="bytesToOffer"/> body bytes while the answer
    /// is awaited; returns the answer's head and body and how many body bytes the socket took before it came.
    /// </summary>
    private async Task<(string Head, string Body, long Sent)> RawPost(string header, bool chunked, long bytesToOffer)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Api.Url.Host, Api.Url.Port);
        var stream = client.GetStream();
        var head = $"POST /api/sweeps HTTP/1.1\r\nHost: {Api.Url.Authority}\r\n{header}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var data = Encoding.ASCII.GetBytes(new string('#', 64 * 1024));
        var frame = chunked ? [.. Encoding.ASCII.GetBytes($"{data.Length:X}\r\n"), .. data, .. "\r\n"u8] : data;
        long sent = 0;
        using var answered = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            try
            {
                while (sent < bytesToOffer && !answered.IsCancellationRequested)
                {
                    await stream.WriteAsync(frame, answered.Token);
                    Interlocked.Add(ref sent, data.Length);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The silo closed the connection, or the answer came and the test stopped offering.
            }
        });
        var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            while (!Complete(Encoding.UTF8.GetString(answer.ToArray())))
            {
                var read = await stream.ReadAsync(buffer, deadline.Token);
                if (read == 0) break;
                answer.Write(buffer, 0, read);
            }
        }
        var taken = Interlocked.Read(ref sent);
        await answered.CancelAsync();
        client.Close();
        await writer;
        var text = Encoding.UTF8.GetString(answer.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return split < 0 ? (text, "", taken) : (text[..split], text[(split + 4)..], taken);

        // A JSON answer ends with its object, written whole or as the last chunk before the empty one.
        static bool Complete(string text) => text.Contains("\r\n\r\n", StringComparison.Ordinal)
            && (text.TrimEnd().EndsWith('}') || text.EndsWith("}\r\n0\r\n\r\n", StringComparison.Ordinal));
    }
}
