using RobustGrid.Corruptions.Primitives;
using RobustGrid.Corruptions.Tests.Fixtures;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Tests.Engine;

public sealed class MotionBlurChunkTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    public void Blurring_in_chunks_gives_the_same_bits_as_one_pass(int chunk)
    {
        using var input = ReferenceFixtures.InputTensor(23);
        using var images = input.permute(0, 3, 1, 2).to_type(ScalarType.Float32);  // NHWC bytes -> NCHW float
        using var generator = new Generator(3);
        using var angles = rand([23], ScalarType.Float64, generator: generator) * 90 - 45;
        using var whole = MotionBlur.Apply(images, 8, 2, angles, chunk: 1000);
        using var chunked = MotionBlur.Apply(images, 8, 2, angles, chunk);
        Assert.Equal(whole.shape, chunked.shape);
        Assert.Equal(whole.data<float>().ToArray(), chunked.data<float>().ToArray());
    }
}
