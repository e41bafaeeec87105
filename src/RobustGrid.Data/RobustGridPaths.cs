namespace RobustGrid.Data;

/// <summary>Where RobustGrid keeps its own files: <c>ROBUSTGRID_HOME</c>, default <c>~/.robustgrid</c>.</summary>
public static class RobustGridPaths
{
    public const string HomeVariable = "ROBUSTGRID_HOME";

    public static string Home
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(HomeVariable);
            return string.IsNullOrWhiteSpace(configured)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".robustgrid")
                : Path.GetFullPath(configured);
        }
    }

    public static string DatasetCache => Path.Combine(Home, "cache", "datasets");
}
