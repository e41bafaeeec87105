using System.Text.Json;
using RobustGrid.TestTime.Operations;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.Tests;

/// <summary>
/// DynTTA's kornia operations against Fixtures/kornia_v050_ops.json, which make_kornia_fixtures.py computes from
/// kornia v0.5.0's formulas with numpy on a 3×5×6 image (non-square, so the rotation's aspect handling shows).
/// </summary>
public sealed class KorniaReferenceTests
{
    private static readonly JsonElement Fixture = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "kornia_v050_ops.json"))).RootElement;

    private static Tensor Read(JsonElement values)
    {
        var shape = Fixture.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).Prepend(1).ToArray();
        return tensor(values.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray(), shape);
    }

    private static Tensor Input => Read(Fixture.GetProperty("input"));

    private static void AssertCase(string name, Tensor actual)
    {
        var expected = Read(Fixture.GetProperty("cases").GetProperty(name));
        var error = actual.sub(expected).abs().max().item<float>();
        Assert.True(error < 1e-5, $"{name}: largest difference {error}");
    }

    [Theory]
    [InlineData("sharpness 0.5", 0.5)]
    [InlineData("sharpness 3", 3.0)]
    public void SharpnessMatchesKornia(string name, double factor)
    {
        using var scope = NewDisposeScope();
        AssertCase(name, Sharpness.Apply(Input, tensor(new[] { (float)factor })));
    }

    [Theory]
    [InlineData("rotate 20", 20.0)]
    [InlineData("rotate -35", -35.0)]
    public void RotationMatchesKornia(string name, double degrees)
    {
        using var scope = NewDisposeScope();
        var (rotated, _) = GeometricOperations.RotateAndScale(Input, tensor(new[] { (float)degrees }), ones(1));
        AssertCase(name, rotated);
    }

    [Theory]
    [InlineData("scale 1.25", 1.25)]
    [InlineData("scale 0.8", 0.8)]
    public void ScalingMatchesKornia(string name, double factor)
    {
        using var scope = NewDisposeScope();
        var (_, scaled) = GeometricOperations.RotateAndScale(Input, zeros(1), tensor(new[] { (float)factor }));
        AssertCase(name, scaled);
    }

    [Fact]
    public void SaturationAndHueMatchKornia()
    {
        using var scope = NewDisposeScope();
        AssertCase("saturation 2", ColorOperations.Saturation(Input, tensor(new[] { 2f })));
        AssertCase("hue 1", ColorOperations.Hue(Input, tensor(new[] { 1f })));
    }
}
