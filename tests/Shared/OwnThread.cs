using System.Runtime.ExceptionServices;

namespace RobustGrid.Tests.Shared;

/// <summary>
/// Runs test work on a thread of its own and waits for it. TorchSharp's live-tensor statistics are per thread, so a
/// fresh thread's count starts from zero and sees only that work, whatever else the test host runs.
/// </summary>
internal static class OwnThread
{
    /// <returns>The work's result; an exception it threw is thrown again here, with its own stack.</returns>
    public static T Run<T>(Func<T> work)
    {
        T? result = default;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }
}
