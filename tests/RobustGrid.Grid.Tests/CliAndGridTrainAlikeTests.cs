using System.Text.Json;
using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using static TorchSharp.torch;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The same trial from <c>robustgrid train</c> and from a one-configuration sweep (<c>robustgrid sweep run</c>, the
/// embedded grid) gives the same weights and the same clean accuracy: both build their configuration the same way,
/// with the method's recipe for what is not given. Both run as child processes, one CPU thread each, so no other
/// test's thread setting reaches them.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CliAndGridTrainAlikeTests
{
    /// <summary>Method, model, data, seed and threads only: the recipe decides the rest, on both paths.</summary>
    private static readonly (string Setting, string Value)[] Common =
    [
        ("model", "small-cnn"), ("epochs", "1"), ("train_limit", "256"), ("test_limit", "128"), ("threads", "1"),
    ];

    [Fact]
    public async Task MethodsThatNeedNoInputTrainAlikeFromTheCliAndTheGrid()
    {
        using var run = new Workspace();
        var methods = new[] { "erm", "augmix", "ipmix", "adv-mixup" };
        var grid = await run.Sweep(methods, []);
        foreach (var method in methods)
            AssertSameRun(await run.Train(method, []), grid[method], method);
    }

    [Fact]
    public async Task MethodsThatBuildOnAnEarlierResultTrainAlikeFromTheCliAndTheGrid()
    {
        using var run = new Workspace();
        var classifier = await run.Train("erm", []);
        var stages = Path.Combine(run.Home, "natra-stages");
        var (code, output) = await run.Cli("natra", "--checkpoint", classifier, "--out", stages, "--train-limit", "128",
            "--threads", "1",
            "--set", "gan-epochs=1", "--set", "encoder-epochs=1", "--set", "gan-width=8", "--set", "latent-dim=16",
            "--set", "batch-size=32", "--set", "refine-steps=2", "--set", "expansion-steps=2", "--set",
            "expansion-images=8", "--set", "directions=4", "--set", "held-out=64", "--set", "max-label-flip=1");
        Assert.True(code == 0, output);
        var policy = ExamplePolicy.Write(run.Home);
        var inputs = new Dictionary<string, (string Key, string Value)>
        {
            ["advbn"] = ("checkpoint", classifier),
            ["natra"] = ("stages", stages),
            ["dyntta-augment"] = ("policy", policy),
        };
        var grid =
            await run.Sweep([.. inputs.Keys], [.. inputs.Select(i => ($"{i.Key}.{i.Value.Key}", i.Value.Value))]);
        foreach (var (method, (key, value)) in inputs)
            AssertSameRun(await run.Train(method, [$"{key}={value}"]), grid[method], method);
    }

    private static void AssertSameRun(string fromCli, string fromGrid, string method)
    {
        var cli = CheckpointFile.ReadMetadata(fromCli);
        var grid = CheckpointFile.ReadMetadata(fromGrid);
        Assert.Equal(method, grid.Config.Method);
        // The recipe filled the same settings on both paths (AugMix's lr 0.1 and cosine to 1e-6, AdvBN's step decay,
        // ...).
        Assert.Equal(cli.Config.Settings(), grid.Config.Settings());
        Assert.Equal(cli.History[^1].TestAccuracy, grid.History[^1].TestAccuracy);
        using var a = TrainedModel.Load(fromCli, MethodRegistry.Create, CPU);
        using var b = TrainedModel.Load(fromGrid, MethodRegistry.Create, CPU);
        var left = a.Module.state_dict();
        var right = b.Module.state_dict();
        Assert.Equal(left.Keys.Order(), right.Keys.Order());
        foreach (var (name, tensor) in left)
        {
            Assert.Equal(tensor.shape, right[name].shape);
            Assert.True(tensor.equal(right[name]).all().item<bool>(),
                $"{method}: {name} differs between the CLI's and the grid's run");
        }
    }

    /// <summary>A ROBUSTGRID_HOME of its own, removed at the end.</summary>
    private sealed class Workspace : IDisposable
    {
        public string Home { get; } = Path.Combine(Path.GetTempPath(), $"robustgrid-alike-{Guid.NewGuid():N}");

        public Task<(int ExitCode, string Output)> Cli(params string[] args) =>
            CliProcess.RunAsync(Home, TimeSpan.FromMinutes(5), args);

        /// <returns>The checkpoint the CLI wrote.</returns>
        public async Task<string> Train(string method, string[] settings)
        {
            var folder = Path.Combine(Home, "cli", method);
            var args = new List<string>
            {
                "train", "--dataset", "fashion-mnist", "--method", method, "--seed", "0", "--out", folder,
            };
            foreach (var (setting, value) in Common) args.AddRange(["--" + setting.Replace('_', '-'), value]);
            foreach (var setting in settings) args.AddRange(["--set", setting]);
            var (code, output) = await Cli([.. args]);
            Assert.True(code == 0, output);
            return CheckpointFile.Resolve(folder);
        }

        /// <returns>Each method's trial checkpoint.</returns>
        public async Task<Dictionary<string, string>> Sweep(string[] methods, (string Key, string Value)[] inputs)
        {
            var spec = Path.Combine(Home, "sweep.yaml");
            var lines = new List<string>
            {
                "name: alike", "dataset: fashion-mnist", "seeds: [0]", "parallel_trials: 1", "parameters:",
                $"  method: {{values: [{string.Join(", ", methods)}]}}",
            };
            lines.AddRange(Common.Select(c => $"  {c.Setting}: {{value: {c.Value}}}"));
            lines.AddRange(inputs.Select(i => $"  {i.Key}: {{value: {JsonSerializer.Serialize(i.Value)}}}"));
            Directory.CreateDirectory(Home);
            await File.WriteAllLinesAsync(spec, lines);
            // The inputs the CLI made live in this home, which the sweep names as its import folder.
            var imports = new Dictionary<string, string> { ["ROBUSTGRID__CLUSTER__IMPORTFOLDERS__0"] = Home };
            var (code, output) =
                await CliProcess.RunAsync(Home, imports, TimeSpan.FromMinutes(5), "sweep", "run", spec, "--slots", "1");
            Assert.True(code == 0, output);
            var checkpoints =
                Directory.GetFiles(Path.Combine(Home, "checkpoints"), "checkpoint.rgck", SearchOption.AllDirectories);
            return checkpoints.ToDictionary(p => CheckpointFile.ReadMetadata(p).Config.Method);
        }

        public void Dispose()
        {
            if (Directory.Exists(Home)) Directory.Delete(Home, recursive: true);
        }
    }
}
