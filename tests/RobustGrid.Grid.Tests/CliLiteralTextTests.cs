using System.Net;
using System.Net.Sockets;
using RobustGrid.Data.Catalog;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Text the CLI did not write is printed as it is. Spectre reads '[name]' as a style and fails the whole command on
/// one it does not know, so every folder here has such a name, and so do the parameter values of the sweep.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CliLiteralTextTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), $"robustgrid-literal-{Guid.NewGuid():N}");

    private string Root => Path.Combine(_scratch, "runs [image-folder]");

    private const string Spec = """
        name: literal-text
        dataset: fashion-mnist
        method: grid
        parameters:
          method: {value: erm}
          model: {value: small-cnn}
          epochs: {value: 1}
          batch_size: {value: 64}
          train_limit: {value: 128}
          test_limit: {value: 64}
          threads: {value: 1}
          augmix.ops: {values: ["[image-folder]", "[/]"]}
        seeds: [0]
        parallel_trials: 1
        """;

    [Fact]
    public async Task ASweepPrintsItsBracketedHomeAndParameterValuesLiterallyAndItsCheckpointExports()
    {
        var home = Path.Combine(Root, "home [bold");
        var specFile = Path.Combine(Root, "specs [x-y]", "literal-text.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(specFile)!);
        await File.WriteAllTextAsync(specFile, Spec);

        var (exit, output) =
            await Cli(["sweep", "run", specFile], home, DataRootWithFashionMnist(), TimeSpan.FromMinutes(3));
        Assert.True(exit == 0, output);
        Assert.Contains($"started (embedded grid in {home})", output);
        // The trials table, then the leaderboard's column of the parameters that differ between rows.
        Assert.Contains("augmix.ops=[image-folder] ", output);
        Assert.Contains("augmix.ops=[/] ", output);
        Assert.Contains("│ augmix.ops=[image-folder] │", output);
        Assert.Contains("│ augmix.ops=[/] ", output);

        var runFolder = Path.GetDirectoryName(
            Directory.EnumerateFiles(home, "checkpoint.rgck", SearchOption.AllDirectories).First())!;
        var exported = Path.Combine(Root, "export [red]", "model[1].safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(exported)!);
        (exit, output) =
            await Cli(["export", "--checkpoint", runFolder, "--out", exported], home, null, TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, output);
        Assert.Contains($"wrote {exported}", output);
        Assert.True(File.Exists(exported));
    }

    [Fact]
    public async Task CorruptReadsAndWritesBracketedPathsAndNamesThemLiterally()
    {
        var output = Path.Combine(Root, "out [x-y]", "contrast[1].npy");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var (exit, printed) = await Cli(
            ["corrupt", "--dataset", "fashion-mnist", "--limit", "4", "--corruption", "contrast", "--out", output],
            Path.Combine(Root, "home"), DataRootWithFashionMnist(), TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, printed);
        Assert.Contains($"wrote {output} (contrast, severity 3, 4 images)", printed);

        (exit, printed) = await Cli(
            ["corrupt", "--input", output, "--corruption", "[image-folder]", "--out", output + ".again"],
            Path.Combine(Root, "home"), null, TimeSpan.FromMinutes(1));
        Assert.Equal(1, exit);
        Assert.Contains("error: unknown corruption '[image-folder]'; known: gaussian_noise", printed);
    }

    [Fact]
    public async Task ADatasetErrorNamesTheBracketedDataRootLiterally()
    {
        // The data root is searched first; an incomplete dataset folder there is an error naming the files looked for.
        var data = Path.Combine(Root, "data [image-folder]");
        Directory.CreateDirectory(Path.Combine(data, "fashion-mnist"));
        var (exit, output) = await Cli(
            ["corrupt", "--dataset", "fashion-mnist", "--corruption", "contrast", "--out", Path.Combine(Root, "x.npy")],
            Path.Combine(Root, "home"), data, TimeSpan.FromMinutes(1));
        Assert.Equal(1, exit);
        Assert.Contains("error: 'train-images-idx3-ubyte' was not found. Looked in:", output);
        Assert.Contains($"  {Path.Combine(data, "fashion-mnist", "train-images-idx3-ubyte.gz")}", output.Split('\n'));
    }

    /// <summary>A data root of its own, with a bracketed name, holding (a link to) the installed
    /// Fashion-MNIST.</summary>
    private string DataRootWithFashionMnist()
    {
        var installed = DatasetCatalog.Default().SearchPath.Find(["fashion-mnist"], [])
            ?? throw new InvalidOperationException("Fashion-MNIST is not installed (see README)");
        var data = Path.Combine(Root, "data [x-y]");
        if (!Directory.Exists(Path.Combine(data, "fashion-mnist")))
        {
            Directory.CreateDirectory(data);
            Directory.CreateSymbolicLink(Path.Combine(data, "fashion-mnist"), installed);
        }
        return data;
    }

    private static Task<(int ExitCode, string Output)> Cli(string[] args, string home, string? dataRoot,
        TimeSpan timeout)
    {
        var environment = new Dictionary<string, string>
        {
            ["ROBUSTGRID_HOME"] = home,
            ["ROBUSTGRID__CLUSTER__SILOPORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ROBUSTGRID__CLUSTER__GATEWAYPORT"] =
                FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Wide enough that no table cell wraps.
            ["COLUMNS"] = "300",
        };
        if (dataRoot is not null) environment["ROBUSTGRID_DATA"] = dataRoot;
        return CliProcess.RunAsync(environment, timeout, args);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned by the OS.
        }
    }
}
