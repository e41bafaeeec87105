namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// Tells a full disk from other I/O errors. .NET reports a failed write as an IOException whose HResult is the
/// platform's error: errno ENOSPC (28) on Linux and macOS, ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL as an HRESULT on
/// Windows. Checkpoint code wraps it in an exception of its own that names the file, so the causes are searched too.
/// </summary>
public static class DiskSpace
{
    private const int NoSpaceErrno = 28;
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    private const int WindowsDiskFull = unchecked((int)0x80070070);

    public static bool IsOutOfSpace(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is IOException { HResult: NoSpaceErrno or WindowsDiskFull or WindowsHandleDiskFull }) return true;
        return false;
    }
}
