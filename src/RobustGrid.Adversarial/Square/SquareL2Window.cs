namespace RobustGrid.Adversarial.Square;

/// <summary>
/// The L2 version's square update (`eta` and `eta_rectangles`): the top half of the window is a stack of nested
/// rectangles with weights 1/(k+1)^2 around its centre, the bottom half the same with the opposite sign, the whole
/// window scaled to unit L2 norm; transposed half of the time.
/// </summary>
public static class SquareL2Window
{
    public static float[] Eta(int side, bool transpose)
    {
        var window = new double[side, side];
        var top = Rectangles(side / 2, side);
        var bottom = Rectangles(side - side / 2, side);
        for (var r = 0; r < side / 2; r++)
            for (var c = 0; c < side; c++) window[r, c] = top[r, c];
        for (var r = 0; r < side - side / 2; r++)
            for (var c = 0; c < side; c++) window[side / 2 + r, c] = -bottom[r, c];
        Scale(window);
        var result = new float[side * side];
        for (var r = 0; r < side; r++)
            for (var c = 0; c < side; c++)
                result[r * side + c] = (float)(transpose ? window[c, r] : window[r, c]);
        return result;
    }

    /// <summary>Nested rectangles centred at (rows/2, columns/2), normalised to unit L2 norm.</summary>
    internal static double[,] Rectangles(int rows, int columns)
    {
        var delta = new double[rows, columns];
        var centreRow = rows / 2 + 1;
        var centreColumn = columns / 2 + 1;
        var startRow = centreRow - 1;
        var startColumn = centreColumn - 1;
        for (var k = 0; k < Math.Max(centreRow, centreColumn); k++)
        {
            var weight = 1.0 / ((k + 1) * (k + 1));
            for (var r = Math.Max(startRow, 0); r < Math.Min(startRow + 2 * k + 1, rows); r++)
                for (var c = Math.Max(startColumn, 0); c < Math.Min(startColumn + 2 * k + 1, columns); c++)
                    delta[r, c] += weight;
            startRow--;
            startColumn--;
        }
        Scale(delta);
        return delta;
    }

    private static void Scale(double[,] values)
    {
        var sum = 0.0;
        foreach (var v in values) sum += v * v;
        var norm = Math.Sqrt(sum);
        if (norm == 0) return;
        for (var r = 0; r < values.GetLength(0); r++)
            for (var c = 0; c < values.GetLength(1); c++) values[r, c] /= norm;
    }
}
