using System.Diagnostics;
using Inbox.Actors;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Benchmarks;

internal static class Writes
{
    private const int Grains = 1_000;

    public static async Task<(double Single, double Grouped)> CompareAsync(string store, string provider, Func<string> connectionString, double seconds, Report report, double? target)
    {
        var single = await RunAsync(provider, connectionString(), maxBatch: 1, seconds);
        var grouped = await RunAsync(provider, connectionString(), maxBatch: null, seconds);
        var ratio = grouped.Rate / single.Rate;
        report.Row($"{store}, one commit per write", $"{Bench.Rate(single.Rate)} writes/s", "", $"{single.Writes:N0} writes in {single.Seconds:N1} s");
        report.Row($"{store}, group commit", $"{Bench.Rate(grouped.Rate)} writes/s",
            target is { } t ? (ratio >= t ? $"≥ {t}× single: met ({ratio:N1}×)" : $"≥ {t}× single: NOT met ({ratio:N1}×)") : $"{ratio:N1}× single",
            $"{grouped.Writes:N0} writes in {grouped.Seconds:N1} s; {grouped.UnitsPerCommit:N0} writes per transaction on average");
        return (single.Rate, grouped.Rate);
    }

    private static async Task<(double Rate, long Writes, double Seconds, double UnitsPerCommit)> RunAsync(string provider, string connectionString, int? maxBatch, double seconds)
    {
        await using var silo = await Bench.StartAsync(provider, connectionString, maxBatch);
        var factory = silo.GrainFactory;
        var grains = Enumerable.Range(0, Grains).Select(i => factory.GetGrain<IWriterGrain>(i)).ToArray();
        await Task.WhenAll(grains.Select(g => g.Write(0))); // activate and create each row first
        var committer = silo.Silos[0].Services.GetRequiredService<GroupCommitter>();
        var database = silo.Silos[0].Services.GetRequiredService<Database>() as SqliteDatabase;

        async Task<(long Count, double Seconds)> Loop(double forSeconds)
        {
            long total = 0;
            var duration = TimeSpan.FromSeconds(forSeconds);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(grains.Select((grain, g) => Task.Run(async () =>
            {
                long count = 0;
                while (clock.Elapsed < duration) await grain.Write(++count > 0 ? (int)count : 0);
                Interlocked.Add(ref total, count);
            })));
            return (total, clock.Elapsed.TotalSeconds);
        }

        await Loop(Math.Min(2, seconds)); // warm up: measure the steady state, after the JIT has tiered the hot path up
        var (transactionsBefore, unitsBefore) = (committer.Transactions, committer.Units);
        var cpu = ProcessCpu.Read();
        var busy = committer.Busy;
        var checkpoints = database?.Checkpoints ?? default;
        var (total, elapsed) = await Loop(seconds);
        cpu = ProcessCpu.Read() - cpu;
        var after = database?.Checkpoints ?? default;
        Console.WriteLine($"  [{(maxBatch == 1 ? "single" : "grouped")}] writer CPU {cpu.Writer * 1e6 / total:N2} µs/write, rest {cpu.Others * 1e6 / total:N2} µs/write; " +
            $"writer busy {(committer.Busy - busy).TotalSeconds / elapsed:P0}; checkpoint passes {after.Passes - checkpoints.Passes}, writer waits {after.Waits - checkpoints.Waits} ({(after.Waited - checkpoints.Waited).TotalMilliseconds:N0} ms)");
        var units = committer.Units - unitsBefore;
        var transactions = Math.Max(1, committer.Transactions - transactionsBefore);
        return (total / elapsed, total, elapsed, units / (double)transactions);
    }
}
