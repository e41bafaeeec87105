namespace RobustGrid.Data.Tests;

public sealed class RandomImageSetTests
{
    [Fact]
    public void ARandomSetHasTheAskedShapeAndIsTheSameForTheSameSeed()
    {
        var set = ImageSet.Random(500, 32, 32, 3, 10, seed: 7);
        Assert.Equal(500, set.Count);
        Assert.Equal(500 * 32 * 32 * 3, set.Pixels.Length);
        Assert.Equal(10, set.ClassNames.Count);
        Assert.Equal(10, set.Labels.Distinct().Count());
        Assert.True(set.Pixels.Distinct().Count() > 250, "pixels should cover the byte range");
        Assert.Equal(set.Pixels, ImageSet.Random(500, 32, 32, 3, 10, seed: 7).Pixels);
        Assert.NotEqual(set.Pixels, ImageSet.Random(500, 32, 32, 3, 10, seed: 8).Pixels);
    }
}
