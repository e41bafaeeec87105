using System.Text.Json;
using RobustGrid.Training.Augmentations;
using RobustGrid.Training.Augmentations.Pil;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Tests;

/// <summary>
/// DynTTA's retraining ops against Fixtures/dyntta_retraining_ops.json, which make_dyntta_retraining_fixtures.py
/// computes with Pillow and numpy from the official op definitions (CUB_dataset/augmix.py) on a random 11×11 RGB and
/// a random 12×12 greyscale image, at fixed levels.
/// </summary>
public sealed class DynTtaRetrainingOpTests
{
    private static readonly JsonElement Fixture = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "dyntta_retraining_ops.json"))).RootElement;

    public static TheoryData<string, string, double> ExactCases() => Cases(op => op is not ("LPF" or "HPF"));

    public static TheoryData<string, string, double> FilterCases() => Cases(op => op is "LPF" or "HPF");

    private static TheoryData<string, string, double> Cases(Func<string, bool> keep)
    {
        var data = new TheoryData<string, string, double>();
        foreach (var c in Fixture.GetProperty("cases").EnumerateArray())
        {
            var op = c.GetProperty("op").GetString()!;
            if (keep(op)) data.Add(op, c.GetProperty("image").GetString()!, c.GetProperty("factor").GetDouble());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ExactCases))]
    public void OpMatchesPillow(string op, string image, double factor)
    {
        using var scope = NewDisposeScope();
        var (actual, expected) = Run(op, image, factor);
        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// LPF and HPF truncate an inverse FFT, so a value that is a whole number up to rounding may land on either side
    /// in two FFT libraries: allow one level (modulo 256, as the cast wraps), on a few pixels where the filter removes
    /// something; radius 1 keeps every frequency, so every value is such a whole number.
    /// </summary>
    [Theory]
    [MemberData(nameof(FilterCases))]
    public void FourierFilterMatchesNumpyUpToTheLastBitOfTheFft(string op, string image, double factor)
    {
        using var scope = NewDisposeScope();
        var (actual, expected) = Run(op, image, factor);
        var differences = actual.Zip(expected, (a, e) => Math.Min(Math.Abs(a - e), 256 - Math.Abs(a - e))).ToArray();
        Assert.True(differences.Max() <= 1, $"{op} {image} {factor}: largest difference {differences.Max()}");
        if (factor < 1) Assert.True(differences.Count(d => d > 0) <= actual.Length / 10,
            $"{op} {image} {factor}: {differences.Count(d => d > 0)} of {actual.Length} values differ");
    }

    [Fact]
    public void EveryOpDrawsItsLevelAndKeepsImagesInRange()
    {
        using var scope = NewDisposeScope();
        var pixels = Input("rgb").repeat(4, 1, 1, 1);
        foreach (var op in PilOpSets.DynTta())
        {
            var result = op.Apply(pixels, new OpDraw(new Generator(5, CPU), 5));
            Assert.Equal(pixels.shape, result.shape);
            Assert.True(result.ge(0).all().item<bool>() && result.le(255).all().item<bool>(), op.Name);
            Assert.True(result.eq(result.round()).all().item<bool>(), $"{op.Name} leaves whole numbers");
        }
    }

    private static (float[] Actual, float[] Expected) Run(string op, string image, double factor)
    {
        var input = Input(image);
        var f = tensor(new[] { factor });
        var output = op switch
        {
            "color" => Color.Enhance(input, f),
            "brightness" => Brightness.Enhance(input, f),
            "sharpness" => Sharpness.Enhance(input, f),
            "scale" => Scale.Resize(input, f),
            "hue" => Hue.Adjust(input, f),
            "gamma" => Gamma.Adjust(input, f),
            "LPF" => FourierFilter.Filter(input, f, lowPass: true),
            "HPF" => FourierFilter.Filter(input, f, lowPass: false),
            _ => throw new ArgumentException(op),
        };
        var expected = Fixture.GetProperty("cases").EnumerateArray().Single(c =>
            c.GetProperty("op").GetString() == op && c.GetProperty("image").GetString() == image
            && c.GetProperty("factor").GetDouble() == factor).GetProperty("output");
        return (Pixels.Values(output), expected.EnumerateArray().Select(e => (float)e.GetInt32()).ToArray());
    }

    private static Tensor Input(string name)
    {
        var image = Fixture.GetProperty("images").GetProperty(name);
        var shape = image.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).Prepend(1).ToArray();
        return tensor(image.GetProperty("values").EnumerateArray().Select(e => (float)e.GetInt32()).ToArray(), shape);
    }
}
