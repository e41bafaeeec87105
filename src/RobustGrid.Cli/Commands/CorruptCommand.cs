using System.CommandLine;
using RobustGrid.Catalog;
using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Pictures;
using RobustGrid.Corruptions.Suite;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Data;
using RobustGrid.Data.Catalog;
using RobustGrid.Data.Formats;
using Spectre.Console;
using TorchSharp;

namespace RobustGrid.Cli.Commands;

internal static class CorruptCommand
{
    public static Command Create()
    {
        var input = new Option<string?>("--input")
        {
            Description = "uint8 .npy of shape [N, H, W, C] (the CIFAR-10-C layout).",
        };
        var dataset = new Option<string?>("--dataset")
        {
            Description = "Use this dataset's test set as input instead (cifar10, fashion-mnist).",
        };
        var limit = new Option<int?>("--limit") { Description = "Only the first N input images." };
        var labels = new Option<string?>("--labels")
        {
            Description = "labels .npy to copy into the output folder with --corruption all.",
        };
        var corruption = new Option<string?>("--corruption")
        {
            Description = "A corruption name, or 'all' for the CIFAR-10-C folder layout.",
        };
        var severity = new Option<int>("--severity") { Description = "1 to 5.", DefaultValueFactory = _ => 3 };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 0 };
        var preview = new Option<int?>("--preview")
        {
            Description = "Render image IMG_INDEX under every corruption and severity as a labelled PNG grid.",
        };
        var frost = new Option<string?>("--frost-folder")
        {
            Description = "Folder with frost1.png … frost5.jpg (default: found on the data search path).",
        };
        var benchmark = new Option<string?>("--benchmark")
        {
            Description = "Parameter table: " + string.Join(", ", SuiteNames.Benchmarks.Select(b =>
                $"{b} ({SuiteNames.ImageSizeOf[b]} px)")) + ". Default: the one for the input's image size.",
        };
        benchmark.AcceptOnlyFromAmong([.. SuiteNames.Benchmarks]);
        var output = new Option<string>("--out")
        {
            Description = "Output .npy, folder (with 'all') or .png (with --preview).",
            Required = true,
        };
        var command = new Command("corrupt",
            "Apply the CIFAR-10-C, Tiny-ImageNet-C or ImageNet-C corruptions (picked by image size) to images, " +
            "write the -C folder layout, or render a preview grid.")
        {
            input, dataset, limit, labels, corruption, severity, seed, preview, frost, benchmark, output,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var images = ReadInput(parse.GetValue(input), parse.GetValue(dataset), parse.GetValue(limit));
            // Chunks side by side, one torch thread each, are faster than libtorch's threads on the small chunks
            // (docs/benchmarks.md, corruption engine); the bytes are the same either way.
            torch.set_num_threads(1);
            var table = parse.GetValue(benchmark) is { } named
                ? CorruptionTables.Get(named)
                : CorruptionTables.ForImageSize(images.Height, images.Width);
            var engine = CorruptionEngine.For(table, parse.GetValue(frost), workers: Environment.ProcessorCount);
            var target = parse.GetValue(output)!;
            if (parse.GetValue(preview) is { } index)
            {
                if (index < 0 || index >= images.Count)
                    throw new ArgumentException($"--preview {index}: the input has {images.Count} images");
                PreviewGrid.Render(engine, images.Pixels.AsSpan(index * images.ImageBytes, images.ImageBytes).ToArray(),
                    images.Height, images.Width, images.Channels, target, parse.GetValue(seed));
                AnsiConsole.WriteLine($"wrote {target}");
                return 0;
            }
            var name = parse.GetValue(corruption)
                ?? throw new ArgumentException("--corruption is required (a name or 'all') unless --preview is given");
            if (name == "all")
                return WriteAll(engine, images, target, parse.GetValue(labels), parse.GetValue(seed));
            var corrupted = engine.Corrupt(images, name, parse.GetValue(severity), parse.GetValue(seed));
            NpyFile.Write(target,
                NpyArray.FromBytes(corrupted, images.Count, images.Height, images.Width, images.Channels));
            AnsiConsole.WriteLine(
                $"wrote {target} ({name}, severity {parse.GetValue(severity)}, {images.Count} images)");
            return 0;
        }));
        return command;
    }

    private static ImageSet ReadInput(string? input, string? dataset, int? limit)
    {
        ImageSet images;
        if (input is not null && dataset is not null)
            throw new ArgumentException("give --input or --dataset, not both");
        if (input is not null)
        {
            var array = NpyFile.Read(input);
            if (array.Type != NpyDType.UInt8)
                throw new ArgumentException($"{input}: dtype is {array.Type}; corruptions take uint8 images");
            if (array.Shape.Length != 4 || array.Shape[3] is not (1 or 3))
                throw new ArgumentException(
                    $"{input}: shape [{string.Join(", ", array.Shape)}] is not [N, H, W, C] with C = 1 or 3");
            var count = (int)array.Shape[0];
            images = new ImageSet(array.Data, new int[count], (int)array.Shape[1], (int)array.Shape[2],
                (int)array.Shape[3], ["unlabelled"]);
        }
        else if (dataset is not null)
        {
            var test = DatasetCatalog.Default().Load(dataset).TestImages;
            return (limit is { } first ? test.Take(first) : test).Load();
        }
        else
        {
            throw new ArgumentException("give --input X.npy or --dataset NAME");
        }
        return limit is { } n ? images.Take(n) : images;
    }

    private static int WriteAll(CorruptionEngine engine, ImageSet images, string folder, string? labelsPath, long seed)
    {
        var labels = labelsPath is not null ? ReadLabels(labelsPath, images.Count)
            : images.ClassNames.Count > 1 ? images.Labels
            : throw new ArgumentException(
                "--corruption all writes labels.npy too: give --labels L.npy or use --dataset");
        Directory.CreateDirectory(folder);
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
            new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("corrupting", maxValue: engine.Registry.All.Count * Severity.Max);
                foreach (var corruption in engine.Registry.All)
                {
                    var stacked = new byte[(long)Severity.Max * images.Pixels.Length];
                    foreach (var severity in Severity.All)
                    {
                        task.Description = Markup.Escape($"{corruption.Name} s{severity}");
                        engine.Corrupt(images, corruption.Name, severity, seed)
                            .CopyTo(stacked, (long)(severity - 1) * images.Pixels.Length);
                        task.Increment(1);
                    }
                    CifarCFolder.WriteCorruption(folder, corruption.Name, stacked, images.Count, images.Height,
                        images.Width, images.Channels);
                }
            });
        CifarCFolder.WriteLabels(folder, labels);
        AnsiConsole.WriteLine(
            $"wrote {engine.Registry.All.Count} corruptions x 5 severities and labels.npy to {folder}");
        return 0;
    }

    private static int[] ReadLabels(string path, int count)
    {
        var labels = NpyFile.Labels(path, NpyFile.Read(path));
        if (labels.Length != count) throw new ArgumentException($"{path}: {labels.Length} labels for {count} images");
        return labels;
    }
}
