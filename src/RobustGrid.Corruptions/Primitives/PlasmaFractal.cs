using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// make_cifar_c's plasma_fractal (diamond-square), ported literally — including the np.roll directions and the
/// wibble·U(−wibble, wibble) amplitude — for a batch of maps at once. Output [N, size, size] float64 in [0, 1].
/// </summary>
internal static class PlasmaFractal
{
    public static Tensor Generate(long count, int mapSize, double wibbleDecay, Generator generator, Device device)
    {
        if ((mapSize & (mapSize - 1)) != 0) throw new ArgumentException($"map size {mapSize} is not a power of two");
        using var scope = NewDisposeScope();
        var map = zeros([count, mapSize, mapSize], ScalarType.Float64, device);
        var step = mapSize;
        var wibble = 100.0;

        Tensor WibbledMean(Tensor sum)
        {
            var noise = rand(sum.shape, ScalarType.Float64, device, generator: generator) * (2 * wibble) - wibble;
            return sum / 4 + wibble * noise;
        }

        TensorIndex Grid(int start) => TensorIndex.Slice(start, mapSize, step);

        while (step >= 2)
        {
            var half = step / 2;
            // fillsquares: each square's centre is the mean of its four corners plus noise.
            var corners = map[TensorIndex.Colon, Grid(0), Grid(0)];
            var squares = corners + corners.roll(-1, 1);
            squares = squares + squares.roll(-1, 2);
            map[TensorIndex.Colon, Grid(half), Grid(half)] = WibbledMean(squares);

            // filldiamonds: the edge midpoints, from the square centres and corners around them.
            var centres = map[TensorIndex.Colon, Grid(half), Grid(half)];
            var cornersNow = map[TensorIndex.Colon, Grid(0), Grid(0)];
            var left = centres + centres.roll(1, 1) + (cornersNow + cornersNow.roll(-1, 2));
            map[TensorIndex.Colon, Grid(0), Grid(half)] = WibbledMean(left);
            var top = centres + centres.roll(1, 2) + (cornersNow + cornersNow.roll(-1, 1));
            map[TensorIndex.Colon, Grid(half), Grid(0)] = WibbledMean(top);

            step /= 2;
            wibble /= wibbleDecay;
        }

        var min = map.amin([1, 2], keepdim: true);
        map = map - min;
        return (map / map.amax([1, 2], keepdim: true)).MoveToOuterDisposeScope();
    }
}
