using System.Security.Cryptography;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.Training.Models;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using TorchSharp;

namespace RobustGrid.Training.Interop;

/// <summary>
/// Makes an evaluation-only checkpoint from a PyTorch state dict: the architecture built for the dataset's images,
/// every tensor checked and loaded (<see cref="StrictStateLoader"/>), no optimizer state. The checkpoint scores like
/// a trained one; its metadata names the method <see cref="ImportedWeights.MethodName"/> and the source file.
/// </summary>
public static class WeightsImport
{
    /// <summary>Writes the checkpoint into <paramref name="runDirectory"/> and returns its metadata.</summary>
    public static CheckpointMetadata Import(ImportRequest request, string runDirectory)
    {
        if (!ModelFactory.Names.Contains(request.Model))
            throw new ArgumentException(
                $"unknown model '{request.Model}'; known: {string.Join(", ", ModelFactory.Names)}");
        var profile = DatasetProfile.For(request.Dataset);
        var classes = request.Classes ?? profile.Classes;
        if (classes != profile.Classes)
            throw new ArgumentException($"--classes {classes}: {request.Dataset} has {profile.Classes} classes, " +
                "and the scores compare the model's outputs with its labels");
        var normalization = PerChannel(request.Normalization ?? new Normalization([0.0], [1.0]), profile.Channels,
            request.Dataset);

        var format = WeightsFormats.Detect(request.WeightsPath);
        var sha256 = Sha256Of(request.WeightsPath);
        using var module = SeededConstruction.Unseeded(
            () => ModelFactory.Create(request.Model, profile.Channels, classes, profile.ImageSize));
        using (var scope = torch.NewDisposeScope())
        {
            StrictStateLoader.Load(module, StateDictFile.Read(request.WeightsPath));
        }

        var config = new TrainingConfig
        {
            Dataset = request.Dataset,
            Model = request.Model,
            Method = ImportedWeights.MethodName,
            Epochs = 0,
        };
        var metadata = new CheckpointMetadata(config,
            EpochsCompleted: 0, GlobalStep: 0, History: [], request.Model, profile.Channels, classes,
            profile.ImageSize, normalization.Mean, normalization.Std, DateTime.UtcNow,
            Imported: new ImportedWeights(Path.GetFullPath(request.WeightsPath), sha256,
                WeightsFormats.NameOf(format)));
        Directory.CreateDirectory(runDirectory);
        CheckpointFile.Save(Path.Combine(runDirectory, CheckpointFile.FileName), metadata, module, optimizer: null);
        return metadata;
    }

    /// <summary>"none"; "MEAN,STD" for every channel; or the means then the stds, one per channel
    /// ("0.5,0.5,0.5,0.25,0.25,0.25").</summary>
    public static Normalization? ParseNormalization(string? text)
    {
        if (text is null || text == "none") return null;
        var values = text.Split(',')
            .Select(v => double.Parse(v.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (values.Length % 2 != 0 || values.Length == 0)
            throw new ArgumentException(
                $"normalization '{text}': give MEAN,...,STD,... (one of each per channel) or none");
        var half = values.Length / 2;
        if (values[half..].Any(s => s <= 0))
            throw new ArgumentException($"normalization '{text}': standard deviations must be positive");
        return new Normalization(values[..half], values[half..]);
    }

    private static Normalization PerChannel(Normalization normalization, int channels, string dataset)
    {
        if (normalization.Mean.Length == channels) return normalization;
        if (normalization.Mean.Length == 1)
            return new(Enumerable.Repeat(normalization.Mean[0], channels).ToArray(),
                Enumerable.Repeat(normalization.Std[0], channels).ToArray());
        throw new ArgumentException(
            $"normalization: {dataset} has {channels} channels; give one mean and std for all, or one each");
    }

    private static string Sha256Of(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
