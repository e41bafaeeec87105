using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.Methods.DynTta;
using RobustGrid.Tests.Shared;
using RobustGrid.TestTime.DynTta;
using RobustGrid.TestTime.Operations;
using RobustGrid.Training.Augmentations;
using RobustGrid.Training.Augmentations.Pil;
using RobustGrid.Training.Data;
using RobustGrid.Training.Models;
using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.Tests;

/// <summary>
/// dyntta-augment's official procedure: the top-k retraining ops of a policy's weights for a shift, and one AugMix view
/// over those ops per image with plain cross-entropy on a real Fashion-MNIST batch.
/// </summary>
public sealed class DynTtaAugmentTests : IDisposable
{
    private const int BatchSize = 16;
    private readonly string _folder = Directory.CreateTempSubdirectory("dyntta-augment-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TopOpsFollowTheNamedShiftsSummedWeights()
    {
        var policy = WritePolicy();
        string Ops(params (string Key, string Value)[] settings) =>
            string.Join(",", EstimatedAugMixMethod.SelectOps(Values(policy, settings)));

        // Pooled: URIE's weight is the largest but URIE is no augmentation.
        Assert.Equal("equalize,autocontrast,invert,brightness", Ops());
        // Speckle noise at severity 5: the official list for that shift.
        Assert.Equal("color,contrast,hue,gamma", Ops(("shift", "speckle_noise")));
        // 19 low-pass radii of 0.005 each are one LPF of 0.095, ahead of sharpness's 0.05.
        Assert.Equal("color,contrast,hue,gamma,LPF", Ops(("shift", "speckle_noise"), ("k", "5")));
        // Every severity of speckle noise: the mean of severities 1 and 5, where high-pass filters sum to 0.19 at 1.
        Assert.Equal("color,HPF,contrast,hue", Ops(("shift", "speckle_noise"), ("shift-severity", "0")));
        // Two shifts together: the means 0.24, 0.15, 0.105, 0.10 and 0.08.
        Assert.Equal("contrast,color,gamma,HPF,hue", Ops(("shift", "speckle_noise,spatter"), ("k", "5")));
        Assert.Equal(AugMixInfo.DefaultOps + ",color,contrast,hue,gamma",
            Ops(("shift", "speckle_noise"), ("augmix-ops", "true")));
        var unknown = Assert.Throws<ArgumentException>(() => Ops(("shift", "fog")));
        Assert.Contains("fog", unknown.Message);
    }

    [Fact]
    public void RetrainingOpsAreTheCatalogsCountAndAllExist()
    {
        Assert.Equal(DynTtaAugmentInfo.RetrainingOpCount, RetrainingOps.Count);
        var names = Enumerable.Range(0, OperationCatalog.Count).Select(RetrainingOps.For).OfType<string>().Distinct();
        Assert.Equal(DynTtaAugmentInfo.RetrainingOpCount, PilOpSets.DynTta(names).Count);
    }

    [Fact]
    public void DefaultProcedureTrainsOnOneAugMixViewOverTheShiftsTopOps()
    {
        using var scope = NewDisposeScope();
        var policy = WritePolicy();
        var set = TestData.Catalog.Load("fashion-mnist").Train.Take(BatchSize);
        var images = tensor(set.Pixels, ScalarType.Byte).reshape(BatchSize, 1, 28, 28);
        var labels = tensor(set.Labels, ScalarType.Int32).to(ScalarType.Int64);
        var profile = DatasetProfile.For("fashion-mnist");
        var settings = new Dictionary<string, string> { ["policy"] = policy, ["shift"] = "speckle_noise" };
        var method = MethodRegistry.Create("dyntta-augment", settings);
        manual_seed(2);
        var model = new RecordingModel(ModelFactory.Create("small-cnn", 1, 10, 28));
        var step = method.Step(new TrainingBatch(images, labels, model, profile, new Generator(5, CPU), 0, 0));

        var (input, logits, _) = Assert.Single(model.Calls);
        var generator = new Generator(5, CPU);
        var standard = profile.Augmentation.Apply(images, generator);
        var expected = new AugMixAugmenter(5, 3, -1, 1.0, PilOpSets.DynTta(["color", "contrast", "hue", "gamma"]))
            .Augment(standard, 1, profile.Normalization, generator);
        Assert.Equal(expected.shape, input.shape);
        Assert.True(input.eq(expected).all().item<bool>(), "the input is not the AugMix view over the shift's top ops");
        Assert.False(input.eq(profile.Normalization.FromBytes(images)).all().item<bool>());
        Assert.Equal(nn.functional.cross_entropy(logits, labels).item<float>(), step.Loss.item<float>(), 5);
        Assert.Equal("color,contrast,hue,gamma", method.Details["ops_used"]);

        settings["procedure"] = DynTtaAugmentInfo.WeightedSingleProcedure;
        Assert.IsType<WeightedSingleMethod>(MethodRegistry.Create("dyntta-augment", settings));
    }

    private static SettingValues Values(string policy, (string Key, string Value)[] settings)
    {
        var parameters = settings.ToDictionary(s => s.Key, s => s.Value);
        parameters["policy"] = policy;
        return DynTtaAugmentInfo.Info.Parse(parameters);
    }

    /// <summary>A policy file with weights chosen so each selection rule decides the order.</summary>
    private string WritePolicy()
    {
        double[] Weights(params (int Operation, double Weight)[] entries)
        {
            var weights = new double[OperationCatalog.Count];
            foreach (var (operation, weight) in entries) weights[operation] = weight;
            return weights;
        }
        var lowPass = Enumerable.Range(OperationCatalog.FirstLowPass, 19).Select(i => (i, 0.005));
        var highPass = Enumerable.Range(OperationCatalog.FirstHighPass, 19).Select(i => (i, 0.01));
        var noise5 = Weights([(OperationCatalog.Saturation, 0.2), (OperationCatalog.Contrast, 0.18),
            (OperationCatalog.Hue, 0.15), (OperationCatalog.Gamma, 0.12), (OperationCatalog.Sharpness, 0.05),
            .. lowPass]);
        var noise1 = Weights([(OperationCatalog.Rotate, 0.1), .. highPass]);
        var spatter5 = Weights((OperationCatalog.Contrast, 0.3), (OperationCatalog.FirstHighPass, 0.2),
            (OperationCatalog.Saturation, 0.1), (OperationCatalog.Gamma, 0.09), (OperationCatalog.Hue, 0.01));
        var pooled = Weights((OperationCatalog.Urie, 0.3), (OperationCatalog.Equalize, 0.2),
            (OperationCatalog.AutoContrast, 0.15), (OperationCatalog.Invert, 0.1), (OperationCatalog.Brightness, 0.08));
        var none = new double[OperationCatalog.Count];
        var path = Path.Combine(_folder, AugmentationPolicy.FileName);
        new AugmentationPolicy([.. OperationCatalog.Names], pooled, none, 0,
        [
            new ShiftPolicy("speckle_noise", 1, noise1, none), new ShiftPolicy("speckle_noise", 5, noise5, none),
            new ShiftPolicy("spatter", 5, spatter5, none),
        ]).Save(path);
        return path;
    }
}
