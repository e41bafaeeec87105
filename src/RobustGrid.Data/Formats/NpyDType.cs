namespace RobustGrid.Data.Formats;

/// <summary>The NumPy element types RobustGrid reads and writes (little-endian only).</summary>
public enum NpyDType
{
    UInt8,
    Int32,
    Int64,
    Float32,
    Float64,
}
