namespace RobustGrid.Bench.Soak;

/// <summary>A process's resident memory as the kernel counts it, the number the OOM killer acts on.</summary>
internal static class ResidentMemory
{
    /// <summary>VmRSS in bytes; 0 once the process is gone.</summary>
    public static long Of(int processId)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
                        System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
