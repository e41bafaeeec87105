namespace RobustGrid.Telemetry.Tests;

/// <summary>Paths inside the repository, found from the test assembly's location.</summary>
internal static class Repository
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "RobustGrid.sln"))) return dir.FullName;
            throw new InvalidOperationException("RobustGrid.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The silo built in the same configuration as these tests.</summary>
    public static string SiloExecutable
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var path = Path.Combine(Root, "silos", "RobustGrid.Silo", "bin", configuration, "net10.0", "linux-x64", "robustgrid-silo");
            return File.Exists(path) ? path : throw new FileNotFoundException("build the silo first (dotnet build RobustGrid.sln)", path);
        }
    }

    /// <summary>The robustgrid command line built in the same configuration as these tests.</summary>
    public static string CliExecutable
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var path = Path.Combine(Root, "src", "RobustGrid.Cli", "bin", configuration, "net10.0", "linux-x64", "robustgrid");
            return File.Exists(path) ? path : throw new FileNotFoundException("build the CLI first (dotnet build RobustGrid.sln)", path);
        }
    }

    public static IEnumerable<string> Dashboards => Directory.GetFiles(Path.Combine(Root, "deploy", "grafana", "dashboards"), "*.json");
}
