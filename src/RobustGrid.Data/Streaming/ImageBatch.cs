namespace RobustGrid.Data.Streaming;

/// <summary>A decoded batch: <see cref="Count"/> images of N×S×S×3 bytes and their labels.</summary>
public sealed record ImageBatch(byte[] Pixels, int[] Labels, int ImageSize)
{
    public int Count => Labels.Length;
}
