using System.Text.Json;
using RobustGrid.Corruptions.Primitives;
using RobustGrid.Training.Augmentations.Pil;
using static TorchSharp.torch;

namespace RobustGrid.Training.Tests;

/// <summary>
/// The matrices of AugMix's rotate, shear and translate, sampled as the ops sample them, against
/// Fixtures/pil_geometric_ops.json: make_pil_geometric_fixtures.py runs the reference's Pillow calls on a random 9×11
/// RGB and a random 16×16 greyscale image at fixed values.
/// </summary>
public sealed class PilGeometricOpTests
{
    private static readonly JsonElement Fixture = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pil_geometric_ops.json"))).RootElement;

    public static TheoryData<string, string, double> Cases()
    {
        var data = new TheoryData<string, string, double>();
        foreach (var c in Fixture.GetProperty("cases").EnumerateArray())
            data.Add(c.GetProperty("op").GetString()!, c.GetProperty("image").GetString()!,
                c.GetProperty("value").GetDouble());
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OpMatchesPillow(string op, string image, double value)
    {
        using var scope = NewDisposeScope();
        var input = Fixture.GetProperty("images").GetProperty(image);
        var shape = input.GetProperty("shape").EnumerateArray().Select(d => (long)d.GetInt32()).ToArray();
        var pixels = tensor(Ints(input)).reshape([1, .. shape]);
        var values = tensor(new[] { value });
        var matrix = op switch
        {
            "rotate" => Rotate.Matrix(values, shape[1], shape[2]),
            "shear_x" or "shear_y" => new Shear(op == "shear_x").Matrix(values),
            _ => new Translate(op == "translate_x").Matrix(values),
        };
        var expected = Fixture.GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("op").GetString() == op && c.GetProperty("image").GetString() == image
                && c.GetProperty("value").GetDouble() == value);
        Assert.Equal(Ints(expected), Pixels.Values(PilAffine.Transform(pixels, matrix, bilinear: true)));
    }

    [Fact]
    public void RotatingNinetyDegreesMovesTheTopRightCornerToTheTopLeft()
    {
        // PIL rotates counter-clockwise: out[y][x] = in[x][W-1-y] for a square image.
        var grid = new double[4, 4];
        for (var y = 0; y < 4; y++) for (var x = 0; x < 4; x++) grid[y, x] = 10 * y + x;
        var matrix = Rotate.Matrix(tensor(new[] { 90.0 }), 4, 4);
        var rotated = Pixels.Values(PilAffine.Transform(Pixels.Image(grid), matrix, bilinear: true));
        for (var y = 0; y < 4; y++)
            for (var x = 0; x < 4; x++)
                Assert.Equal(grid[x, 3 - y], rotated[y * 4 + x]);
    }

    private static float[] Ints(JsonElement element) =>
        element.GetProperty(element.TryGetProperty("output", out _) ? "output" : "values").EnumerateArray()
            .Select(v => (float)v.GetInt32()).ToArray();
}
