
namespace Inbox.Benchmarks;

internal static class Activations
{
    public static async Task RunAsync(BenchSilo silo, int count, Report report)
    {
        var factory = silo.GrainFactory;
        await factory.GetGrain<IEmptyGrain>(-1).Call();
        var before = HeapAfterFullGc();
        for (var start = 0; start < count; start += 1_000)
            await Task.WhenAll(Enumerable.Range(start, 1_000).Select(i => factory.GetGrain<IEmptyGrain>(i).Call()));
        var after = HeapAfterFullGc();
        // Orleans' own count, less the probe grain and the management grain that counts.
        var live = await factory.GetGrain<IManagementGrain>(0).GetTotalActivationCount() - 2;
        var perActivation = (after - before) / (double)live;
        report.Row($"{live:N0} idle activations", $"{perActivation:N0} bytes each", perActivation <= 1024 ? "≤ 1,024: met" : "≤ 1,024: NOT met",
            $"heap grew {(after - before) / 1048576.0:N1} MiB; counts the grain object, its activation (mailbox, scheduler), its identity and its directory entry");
    }

    private static long HeapAfterFullGc()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
