using System.Diagnostics;
using System.Globalization;
using Inbox.Silo;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Benchmarks;

/// <summary>Publish-to-handler latency of live events, on one node and across two (the fan-out only: no commit on the path).</summary>
internal static class LiveEvents
{
    private const int WarmUp = 500;

    public static async Task RunAsync(int count, Report report)
    {
        var serviceId = "bench-events-" + Guid.NewGuid().ToString("N")[..8];
        // Each silo its own SQLite file: nothing here writes state (the relay has none), and two writers on one file would contend.
        Dictionary<string, string?> Settings() => new()
        {
            ["Inbox:Actors:ServiceId"] = serviceId,
            ["Inbox:Storage:Provider"] = "Sqlite",
            ["ConnectionStrings:Inbox"] = $"Data Source={Bench.TempDb()}",
        };
        static void Domain(ISiloBuilder silo) => silo.AddInboxStorage(storage => storage.AddMigrationsFrom(InboxSiloExtensions.Schema)).AddInboxDomain();
        await using var a = await BenchSilo.StartAsync(Settings(), Domain);
        await using var b = await BenchSilo.StartAsync(Settings(), Domain, primary: a.SiloEndpoint);
        var management = a.GrainFactory.GetGrain<IManagementGrain>(0);
        var deadline = Stopwatch.StartNew();
        while ((await management.GetHosts(onlyActive: true)).Count < 2)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new InvalidOperationException("The second silo did not join.");
            await Task.Delay(100);
        }

        var one = await MeasureAsync(a, a, "brd_bench_one", count);
        report.Row("one node: published and heard on node A", Percentiles(one), "", "the local handoff into the subscriber's queue");
        var two = await MeasureAsync(b, a, "brd_bench_two", count);
        report.Row("two nodes: published on B, heard on A", Percentiles(two), "", "B → the brand's relay → A: two Orleans calls");
        report.Line(string.Create(CultureInfo.InvariantCulture, $"Across nodes an event takes {Median(two) - Median(one):N0} µs more at the median and ") +
            string.Create(CultureInfo.InvariantCulture, $"{Percentile(two, 0.99) - Percentile(one, 0.99):N0} µs more at p99. ") +
            "On 2 cores both silos, the publisher and the subscriber share the CPU with whatever else runs: the tail is the scheduler's, the median the two calls'.");
    }

    private static async Task<double[]> MeasureAsync(BenchSilo publisher, BenchSilo subscriber, string brandId, int count)
    {
        var total = WarmUp + count;
        var sentAt = new long[total + 1];
        var micros = new double[total + 1];
        var heard = new TaskCompletionSource();
        using var subscription = await subscriber.Services.GetRequiredService<InboxEvents>().SubscribeAsync(brandId, e =>
        {
            var sequence = ((ConversationEvent)e).Sequence;
            micros[sequence] = Stopwatch.GetElapsedTime(sentAt[sequence]).TotalMicroseconds;
            Volatile.Read(ref heard).TrySetResult();
            return ValueTask.CompletedTask;
        });
        var events = publisher.Services.GetRequiredService<InboxEvents>();
        var row = new ConversationRow("cnv_bench", brandId, Silo.Channels.Channel.Sms, "sms:+12065550100", "ctc_bench", null, "+12065550123", null, null,
            ConversationStatus.Open, null, 0, null, DateTimeOffset.UtcNow, null);
        for (var sequence = 1; sequence <= total; sequence++)
        {
            Volatile.Write(ref heard, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            sentAt[sequence] = Stopwatch.GetTimestamp();
            events.Publish(new ConversationUpdated(brandId, null, row) { Sequence = sequence });
            await heard.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        return micros[(WarmUp + 1)..];
    }

    private static double Median(double[] micros) => Percentile(micros, 0.50);

    private static double Percentile(double[] micros, double p)
    {
        var sorted = micros.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static string Percentiles(double[] micros) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Percentile(micros, 0.50):N0} µs, p99 {Percentile(micros, 0.99):N0} µs, max {micros.Max():N0} µs");
}
