#pragma warning disable CA1050 // the runtime looks the hook up by this exact name, outside any namespace

/// <summary>
/// Lets a benchmark read the managed heap of an app it runs as a child process: with INBOX_BENCH_PROBE set, each line
/// "heap" on the app's stdin forces full, compacting collections and answers "bench-heap &lt;bytes&gt;" on stdout.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("INBOX_BENCH_PROBE") is null) return;
        var reader = new Thread(() =>
        {
            while (Console.In.ReadLine() is { } line)
            {
                if (line != "heap") continue;
                for (var i = 0; i < 3; i++)
                {
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                }
                Console.Out.WriteLine($"bench-heap {GC.GetTotalMemory(forceFullCollection: false)}");
                Console.Out.Flush();
            }
        }) { IsBackground = true, Name = "bench heap probe" };
        reader.Start();
    }
}
