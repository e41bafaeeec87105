namespace RobustGrid.Grid.Grains.Storage;

/// <summary>The one grain-storage provider every grid grain uses; hosts bind it to files, Redis or memory.</summary>
public static class GridStorageNames
{
    public const string Grid = "robustgrid";
}
