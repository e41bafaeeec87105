namespace RobustGrid.Grid.Tests;

/// <summary>A fact that drives Debian's chromium; skipped, saying so, where it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable))
            Skip = $"needs Debian's chromium at {Executable} (scripts/test.sh installs it: apt-get install chromium)";
    }
}
