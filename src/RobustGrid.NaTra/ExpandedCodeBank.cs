using System.Diagnostics;
using System.Security.Cryptography;
using RobustGrid.NaTra.Generative;
using RobustGrid.Training.Stages;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.NaTra;

/// <summary>The stage-3 options an expansion is made with; a cache made with other values is remade.</summary>
public sealed record ExpansionSettings(int Codes, int Layer, int Steps, double LearningRate, double Noise, long Seed)
{
    public static ExpansionSettings Of(NaTraOptions options) => new(options.ExpansionCodes, options.ExpansionLayer,
        options.ExpansionSteps, options.ExpansionLearningRate, options.ExpansionNoise, options.Seed);
}

/// <summary>
/// The state record of <see cref="ExpandedCodeBank.FileName"/>: the tensors' sizes, the settings, the SHA-256 of the
/// stage-2 codes the expansion started from, and the per-pixel MSE ([-1, 1] scale) of those codes and of the
/// expansion on the training images.
/// </summary>
public sealed record ExpandedCodeState(ExpansionSettings Settings, int Images, int LatentDim, int Channels,
    string StartCodes, double RefinedError, double ExpandedError, double Seconds);

/// <summary>
/// Stage 3's latent codes expansion of every image in stage 2's bank, for training: N codes [images, N, latent] and
/// per-channel weights [images, N, channels], row for row with <see cref="LatentCodeBank"/> (its content keys are
/// stored and checked). Saved as a stage checkpoint, so a damaged file fails its SHA-256 and is refused.
/// </summary>
internal sealed class ExpandedCodeBank : IDisposable
{
    public const string FileName = "stage3-expansions.rgst";
    private const int Batch = 256;

    private ExpandedCodeBank(ExpandedCodeState state, Tensor codes, Tensor weights)
    {
        State = state;
        Codes = codes;
        Weights = weights;
    }

    public ExpandedCodeState State { get; }
    public Tensor Codes { get; }
    public Tensor Weights { get; }
    public int Layer => State.Settings.Layer;

    /// <summary>
    /// The cached expansion of the bank's images when its file matches the bank and the settings; otherwise the
    /// expansion is made (the bank's images are the first rows of <paramref name="byteImages"/>) and saved. A damaged
    /// file throws instead of being replaced.
    /// </summary>
    public static ExpandedCodeState Ensure(NaTraOptions options, Tensor byteImages, LatentCodeBank bank,
        DcganGenerator generator, string stageDirectory, Action<string>? log)
    {
        var settings = ExpansionSettings.Of(options);
        var startCodes = Fingerprint(bank.Codes);
        var path = Path.Combine(stageDirectory, FileName);
        if (File.Exists(path))
        {
            var (cached, keys) = Read(path, bank.Codes.device);
            cached.Dispose();
            var found = cached.State;
            if (found.Settings == settings && found.StartCodes == startCodes && keys.SequenceEqual(bank.Keys))
            {
                log?.Invoke($"natra stage 3: {found.Images} cached training expansions reused");
                return found;
            }
            log?.Invoke("natra stage 3: cached training expansions were made from other codes or settings; remade");
        }
        if (byteImages.shape[0] < bank.Count
            || !LatentCodeBank.KeysOf(byteImages.narrow(0, 0, bank.Count)).SequenceEqual(bank.Keys))
            throw new InvalidOperationException(
                $"natra stage 3: stage 2's codes ({LatentCodeBank.FileName}) were made for other training images " +
                "than this run's; delete the stage folder's stage2 files to remake them");
        var state = Make(settings, byteImages, bank, generator, path, startCodes);
        log?.Invoke($"natra stage 3: {state.Images} training images expanded ({settings.Codes} codes); MSE refined " +
            $"{state.RefinedError:F4}, expanded {state.ExpandedError:F4}");
        return state;
    }

    /// <summary>Stage 5's copy, on <paramref name="device"/>; it must belong to <paramref name="bank"/>.</summary>
    public static ExpandedCodeBank Load(string stageDirectory, LatentCodeBank bank, Device device)
    {
        var path = Path.Combine(stageDirectory, FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"natra: codes=expanded needs stage 3's cached training expansions, {path}; run 'robustgrid natra' " +
                "on this stage folder again (it resumes and adds them), or train with codes=single", path);
        var (loaded, keys) = Read(path, device);
        if (!keys.SequenceEqual(bank.Keys))
        {
            loaded.Dispose();
            throw new InvalidDataException(
                $"natra: {path} was made for other images than stage 2's codes ({LatentCodeBank.FileName}); run " +
                "'robustgrid natra' on this stage folder again to remake it");
        }
        return loaded;
    }

    private static ExpandedCodeState Make(ExpansionSettings settings, Tensor byteImages, LatentCodeBank bank,
        DcganGenerator generator, string path, string startCodes)
    {
        var clock = Stopwatch.StartNew();
        var device = bank.Codes.device;
        var codes = new List<Tensor>();
        var weights = new List<Tensor>();
        double refinedSum = 0, expandedSum = 0;
        using var random = new Generator((ulong)settings.Seed + 29, device);
        for (var start = 0; start < bank.Count; start += Batch)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(Batch, bank.Count - start);
            var images = GanImages.FromBytes(byteImages.narrow(0, start, count).to(device));
            var refined = bank.Codes.narrow(0, start, count);
            var expanded = LatentExpansion.Fit(generator, images, refined, settings, random);
            refinedSum += LatentInversion.ReconstructionError(generator, images, refined) * count;
            expandedSum += expanded.Error * count;
            codes.Add(expanded.Codes.cpu().MoveToOuterDisposeScope());
            weights.Add(expanded.Weights.cpu().MoveToOuterDisposeScope());
        }
        using var allCodes = cat(codes, 0);
        using var allWeights = cat(weights, 0);
        foreach (var t in codes.Concat(weights)) t.Dispose();
        var state = new ExpandedCodeState(settings, bank.Count, (int)bank.Codes.shape[1],
            generator.FeatureChannels(settings.Layer), startCodes, refinedSum / bank.Count, expandedSum / bank.Count,
            clock.Elapsed.TotalSeconds);
        using var keys = tensor(bank.Keys.Select(k => unchecked((long)k)).ToArray());
        using var holder = new Holder(allCodes, allWeights, keys);
        StageCheckpoint.Save(path, state, [holder]);
        return state;
    }

    /// <summary>The file's tensors and keys; a damaged file throws, naming it.</summary>
    private static (ExpandedCodeBank Bank, ulong[] Keys) Read(string path, Device device)
    {
        try
        {
            var state = StageCheckpoint.ReadState<ExpandedCodeState>(path);
            using var scope = NewDisposeScope();
            using var holder = new Holder(
                zeros(state.Images, state.Settings.Codes, state.LatentDim),
                zeros(state.Images, state.Settings.Codes, state.Channels),
                zeros([state.Images], ScalarType.Int64));
            StageCheckpoint.Load<ExpandedCodeState>(path, [holder]);
            var loaded = holder.named_buffers().ToDictionary(b => b.name, b => b.buffer);
            var keys = loaded["keys"].data<long>().Select(k => unchecked((ulong)k)).ToArray();
            var bank = new ExpandedCodeBank(state, loaded["codes"].to(device).clone().MoveToOuterDisposeScope(),
                loaded["weights"].to(device).clone().MoveToOuterDisposeScope());
            return (bank, keys);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or System.Text.Json.JsonException)
        {
            throw new InvalidDataException(
                $"natra: the cached training expansions are damaged ({e.Message}); delete {path} and run " +
                "'robustgrid natra' on the stage folder again to remake them", e);
        }
    }

    /// <summary>SHA-256 of the codes' values: an expansion is only valid for the codes it started from.</summary>
    private static string Fingerprint(Tensor codes)
    {
        var values = codes.cpu().contiguous().data<float>().ToArray();
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public void Dispose()
    {
        Codes.Dispose();
        Weights.Dispose();
    }

    /// <summary>The tensors as one module's buffers, the form a stage checkpoint stores.</summary>
    private sealed class Holder : nn.Module
    {
        // Copies: disposing the holder disposes its buffers, never the caller's tensors.
        public Holder(Tensor codes, Tensor weights, Tensor keys) : base(nameof(Holder))
        {
            register_buffer("codes", codes.detach().cpu().clone());
            register_buffer("weights", weights.detach().cpu().clone());
            register_buffer("keys", keys.detach().cpu().clone());
        }
    }
}
