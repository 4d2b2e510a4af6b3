namespace Inbox.Storage.Tests;

public static class Eventually
{
    /// <summary>Waits (in real time, bounded) for work started by a timer or another thread to show.</summary>
    public static async Task True(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline) throw new TimeoutException($"Still not true after {timeoutMs} ms: {what}");
            await Task.Delay(10);
        }
    }

    public static async Task True(Func<Task<bool>> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline) throw new TimeoutException($"Still not true after {timeoutMs} ms: {what}");
            await Task.Delay(20);
        }
    }
}
