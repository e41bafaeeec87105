namespace RobustGrid.Data.Readers;

public static class CifarClasses
{
    /// <summary>CIFAR-10's classes in label order.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
}
