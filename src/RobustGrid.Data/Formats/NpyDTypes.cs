namespace RobustGrid.Data.Formats;

/// <summary>Maps between <see cref="NpyDType"/> and the NumPy <c>descr</c> strings in an .npy header.</summary>
public static class NpyDTypes
{
    public static int Size(NpyDType type) => type switch
    {
        NpyDType.UInt8 => 1,
        NpyDType.Int32 or NpyDType.Float32 => 4,
        NpyDType.Int64 or NpyDType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string Descr(NpyDType type) => type switch
    {
        NpyDType.UInt8 => "|u1",
        NpyDType.Int32 => "<i4",
        NpyDType.Int64 => "<i8",
        NpyDType.Float32 => "<f4",
        NpyDType.Float64 => "<f8",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses a descr; null when it is not one we support (big-endian, structured, other widths).</summary>
    public static NpyDType? Parse(string descr) => descr switch
    {
        "|u1" or "<u1" or "u1" => NpyDType.UInt8,
        "<i4" => NpyDType.Int32,
        "<i8" => NpyDType.Int64,
        "<f4" => NpyDType.Float32,
        "<f8" => NpyDType.Float64,
        _ => null,
    };
}
