#pragma warning disable CA1050 // the runtime looks the hook up by this exact name, outside any namespace

/// <summary>
/// Lets a benchmark read the managed heap and the JIT's work of an app it runs as a child process: with INBOX_BENCH_PROBE
/// set, each line "heap" on the app's stdin forces full, compacting collections and answers "bench-heap &lt;bytes&gt;" on
/// stdout; each line "runtime" answers "bench-runtime &lt;ticks the JIT has compiled for&gt; &lt;ticks the GC has paused the
/// process for&gt; &lt;gen0 collections&gt; &lt;gen1&gt; &lt;gen2&gt;".
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
                if (line == "runtime")
                {
                    Console.Out.WriteLine($"bench-runtime {System.Runtime.JitInfo.GetCompilationTime().Ticks} {GC.GetTotalPauseDuration().Ticks} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)}");
                    Console.Out.Flush();
                    continue;
                }
                if (line != "heap") continue;
                for (var i = 0; i < 3; i++)
                {
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                }
                Console.Out.WriteLine($"bench-heap {GC.GetTotalMemory(forceFullCollection: false)}");
                Console.Out.Flush();
            }
        }) { IsBackground = true, Name = "bench probe" };
        reader.Start();
    }
}
