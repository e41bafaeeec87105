using RobustGrid.Training.Data;
using RobustGrid.Methods.Consistency;
using RobustGrid.Methods.IpMix.MixingSets;
using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.IpMix;

/// <summary>
/// IPMix (Huang et al., NeurIPS 2023; hzlsaber/IPMix): AugMix-style chains that are either image-level PIL ops or
/// patch/pixel-level mixings with a mixing-set picture; CE(clean) + 12·JSD over one forward of the three views;
/// [−1, 1] normalisation; WRN-40-4 with dropout 0.3 and the AugMix recipe. The paper's fractal set is not
/// downloadable: the default mixing set is the project's procedural IFS fractals (see <see cref="MixingSet"/>).
/// </summary>
internal sealed class IpMixMethod : ITrainingMethod, IDisposable
{
    private static readonly int[] PatchSizes = [4, 8, 16, 32];

    private readonly SettingValues _values;
    private readonly IpMixAugmenter _augmenter;
    private readonly bool _jsd;
    private readonly double _jsdWeight;
    private MixingSet? _mixingSet;

    public IpMixMethod(SettingValues values)
    {
        _values = values;
        var overflow = values.Text("overflow") == IpMixInfo.Clamp ? PixelOverflow.Clamp : PixelOverflow.Wrap;
        _augmenter = new IpMixAugmenter(values.Int("k"), values.Int("t"), values.Double("beta"), values.Int("severity"),
            PatchSizes, overflow);
        _jsd = values.Bool("jsd");
        _jsdWeight = values.Double("jsd_weight");
    }

    public string Name => "ipmix";

    public IReadOnlyDictionary<string, string> Details
    {
        get
        {
            var details = _values.Describe().ToDictionary();
            if (_mixingSet is not null) details["mixing_set_used"] = _mixingSet.Description;
            return details;
        }
    }

    public Normalization Normalization(DatasetProfile profile) =>
        Training.Data.Normalization.SymmetricUnit(profile.Normalization.Mean.Length);

    public MethodStep Step(TrainingBatch batch)
    {
        var normalization = Normalization(batch.Profile);
        var pictures = MixingPictures(batch.Images);
        var images = batch.Profile.Augmentation.Apply(batch.Images, batch.Generator);
        if (!_jsd)
        {
            var logits = batch.Model.call(_augmenter.Augment(images, pictures, 1, normalization, batch.Generator));
            return new MethodStep(nn.functional.cross_entropy(logits, batch.Labels), logits);
        }
        var views = _augmenter.Augment(images, pictures, 2, normalization, batch.Generator);
        return JensenShannon.CleanCrossEntropyPlusConsistency(batch.Model, normalization.FromBytes(images), views,
            batch.Labels, _jsdWeight);
    }

    public void Dispose() => _mixingSet?.Dispose();

    /// <summary>Loads (renders or reads) the mixing set on first use, at the batch's size, channels and
    /// device.</summary>
    private Tensor MixingPictures(Tensor images)
    {
        if (_mixingSet is null)
        {
            var size = MixingSet.PictureSize((int)Math.Max(images.shape[2], images.shape[3]));
            _mixingSet = MixingSet.Load(_values.Text("mixing_set"), _values.Int("fractal_count"),
                _values.Int("fractal_seed"), (int)images.shape[1], size, images.device);
        }
        return _mixingSet.Pictures;
    }
}
