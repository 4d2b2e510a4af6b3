using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Benchmarks;

/// <summary>
/// Version-checked state writes from 1,000 grains: one commit per write against group commit. The
/// pair runs <c>rounds</c> times in turn, each run in a fresh silo and database after a warm-up, and
/// the report gives the median round, so a passing disturbance on a shared machine moves no figure.
/// </summary>
internal static class Writes
{
    private const int Grains = 1_000;

    public static async Task<(double Single, double Grouped)> CompareAsync(string store, string provider, Func<string> connectionString, double seconds, int rounds, Report report, double? target)
    {
        var results = new List<(Run Single, Run Grouped)>();
        for (var round = 0; round < rounds; round++)
            results.Add((await RunAsync(provider, connectionString(), maxBatch: 1, seconds), await RunAsync(provider, connectionString(), maxBatch: null, seconds)));
        var ratios = results.Select(r => r.Grouped.Rate / r.Single.Rate).ToArray();
        var (single, grouped) = results.OrderBy(r => r.Grouped.Rate / r.Single.Rate).ElementAt(results.Count / 2);
        var ratio = grouped.Rate / single.Rate;
        var each = rounds > 1 ? $"; median of {rounds} rounds, whose ratios were {string.Join(", ", ratios.Select(r => $"{r:N1}×"))}" : "";

        // PostgreSQL's commits are asynchronous I/O, so no one thread is the writer there: give its CPU in all.
        string Cpu(Run run, string format) => provider == "Sqlite"
            ? $"the writer's CPU {run.WriterMicros.ToString(format)} µs a write, the grains' side {run.OthersMicros.ToString(format)} µs"
            : $"CPU {(run.WriterMicros + run.OthersMicros).ToString(format)} µs a write in all";
        report.Row($"{store}, one commit per write", $"{Bench.Rate(single.Rate)} writes/s", "",
            $"{single.Writes:N0} writes in {single.Seconds:N1} s; {Cpu(single, "N1")}");
        report.Row($"{store}, group commit", $"{Bench.Rate(grouped.Rate)} writes/s",
            target is { } t ? (ratio >= t ? $"≥ {t}× single: met ({ratio:N1}×)" : $"≥ {t}× single: NOT met ({ratio:N1}×)") : $"{ratio:N1}× single",
            $"{grouped.Writes:N0} writes in {grouped.Seconds:N1} s; {grouped.UnitsPerCommit:N0} writes per transaction; writer busy {grouped.WriterBusy:P0}; " +
            $"{Cpu(grouped, "N2")}{each}");
        return (single.Rate, grouped.Rate);
    }

    /// <summary>
    /// Orleans' own ceiling for these writes: the same 1,000 grains writing through <c>IPersistentState</c> to a storage
    /// that keeps nothing and answers from a pool thread, as any storage answers when its I/O completes. No durable storage can pass it.
    /// </summary>
    public static async Task<double> OrleansCeilingAsync(double seconds, Report report)
    {
        var run = await RunAsync("Sqlite", $"Data Source={Bench.TempDb()}", maxBatch: null, seconds, ceiling: true);
        report.Row("Orleans alone: the same writes to a storage that keeps nothing and answers from a pool thread", $"{Bench.Rate(run.Rate)} writes/s", "",
            $"{run.Writes:N0} writes in {run.Seconds:N1} s; CPU {run.OthersMicros:N2} µs a write (the calls, Orleans' state bridge, the hop back into the grain's turn)");
        return run.Rate;
    }

    private sealed record Run(double Rate, long Writes, double Seconds, double UnitsPerCommit, double WriterBusy, double WriterMicros, double OthersMicros);

    private static async Task<Run> RunAsync(string provider, string connectionString, int? maxBatch, double seconds, bool ceiling = false)
    {
        await using var silo = await Bench.StartAsync(provider, connectionString, maxBatch);
        var factory = silo.GrainFactory;
        var grains = Enumerable.Range(0, Grains).Select(i => ceiling ? factory.GetGrain<ICeilingWriterGrain>(i) : factory.GetGrain<IWriterGrain>(i)).ToArray();
        await Task.WhenAll(grains.Select(g => g.Write(0))); // activate and create each row first
        var committer = silo.Services.GetRequiredService<GroupCommitter>();

        async Task<(long Count, double Seconds)> Loop(double forSeconds)
        {
            long total = 0;
            var duration = TimeSpan.FromSeconds(forSeconds);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(grains.Select(grain => Task.Run(async () =>
            {
                long count = 0;
                while (clock.Elapsed < duration) await grain.Write((int)++count);
                Interlocked.Add(ref total, count);
            })));
            return (total, clock.Elapsed.TotalSeconds);
        }

        await Loop(Math.Min(2, seconds)); // warm up: measure the steady state, after the JIT has tiered the hot path up
        var (transactions, units, busy) = (committer.Transactions, committer.Units, committer.Busy);
        var cpu = ProcessCpu.Read();
        var (writes, elapsed) = await Loop(seconds);
        cpu = ProcessCpu.Read() - cpu;
        return new Run(writes / elapsed, writes, elapsed, (committer.Units - units) / (double)Math.Max(1, committer.Transactions - transactions),
            (committer.Busy - busy).TotalSeconds / elapsed, cpu.Writer * 1e6 / writes, cpu.Others * 1e6 / writes);
    }
}
