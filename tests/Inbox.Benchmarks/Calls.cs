using System.Diagnostics;

namespace Inbox.Benchmarks;

internal static class Calls
{
    public static async Task RunAsync(IGrainFactory factory, int callers, int grains, double seconds, Report report, string label, double? target = null, bool yields = false)
    {
        var refs = Enumerable.Range(0, grains).Select(i => yields ? factory.GetGrain<IYieldingGrain>(i) : (ICallable)factory.GetGrain<IEmptyGrain>(i)).ToArray();
        foreach (var grain in refs) await grain.Call(); // activate first: this measures calls, not activations
        await Measure(refs, callers, TimeSpan.FromSeconds(1)); // warm-up (JIT, tiering)
        var gcBefore = GC.CollectionCount(0);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var (calls, elapsed) = await Measure(refs, callers, TimeSpan.FromSeconds(seconds));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var rate = calls / elapsed.TotalSeconds;
        report.Row(label, $"{Bench.Rate(rate)} calls/s", target is { } t ? (rate >= t ? $"≥ {Bench.Rate(t)}: met" : $"≥ {Bench.Rate(t)}: NOT met") : "",
            $"{allocated / (double)calls:N0} B allocated per call, {GC.CollectionCount(0) - gcBefore} gen-0 GCs");
    }

    private static async Task<(long Calls, TimeSpan Elapsed)> Measure(ICallable[] grains, int callers, TimeSpan duration)
    {
        long total = 0;
        var stop = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var grain = grains[c % grains.Length];
            long count = 0;
            while (stop.Elapsed < duration)
            {
                for (var i = 0; i < 1_000; i++) await grain.Call();
                count += 1_000;
            }
            Interlocked.Add(ref total, count);
        })).ToArray();
        await Task.WhenAll(workers);
        return (total, stop.Elapsed);
    }
}
