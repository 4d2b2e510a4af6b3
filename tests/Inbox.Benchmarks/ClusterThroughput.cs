using System.Diagnostics;
using System.Net.Http.Json;
using static Inbox.Benchmarks.Failover;

namespace Inbox.Benchmarks;

/// <summary>
/// Inbound throughput of one node against two on the same machine and PostgreSQL: the same posters, one message per
/// request through <c>/webhooks/events</c>, first all to one node, then with a second node started, each poster
/// alternating between the two, so half the requests land on the node that does not hold the conversation (the
/// cluster's own hop). New conversations in each phase, each measured after a warm-up.
/// </summary>
internal static class ClusterThroughput
{
    private const int Posters = 64;

    public static async Task RunAsync(string postgres, TimeSpan warmUp, TimeSpan measured, Report report)
    {
        var settings = await SettingsAsync(postgres);
        using var first = await Node.StartAsync(settings);
        using (var owner = Client(first))
        {
            var brand = await PostOkAsync(owner, "/api/v1/brands", new { name = "Bench" });
            await PostOkAsync(owner, $"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = Number, purpose = "Support", providerAccount = "sandbox" });
        }
        var one = await LoadAsync([first], phase: 1, warmUp, measured);
        using var second = await Node.StartAsync(settings);
        await Until(async () => await ActiveMembersAsync(settings["ConnectionStrings:Inbox"]!) == 2, "both nodes active", 120_000);
        var two = await LoadAsync([first, second], phase: 2, warmUp, measured);

        report.Row("one node: inbound messages acknowledged", $"{Bench.Rate(one.Rate)} messages/s", "",
            $"{one.Count:N0} in {one.Seconds:N1} s; {Posters} posters; the machine's CPU {one.Busy:P0} busy, the load client's own {one.ClientCores:N2} cores");
        report.Row("two nodes: the same posters, each alternating between the nodes", $"{Bench.Rate(two.Rate)} messages/s",
            $"{two.Rate / one.Rate:N2}× one node",
            $"{two.Count:N0} in {two.Seconds:N1} s; the machine's CPU {two.Busy:P0} busy, the load client's own {two.ClientCores:N2} cores");
        report.Line($"What the ratio means here: both nodes share this machine's two cores (and the load client and PostgreSQL share them too), so a " +
            "second node adds no CPU; the figure is what the cluster itself costs (a second process, membership, and the hop to the node that holds the " +
            "conversation for half the requests), not how a second machine scales. On separate machines the nodes share only PostgreSQL.");
    }

    private sealed record Phase(double Rate, long Count, double Seconds, double Busy, double ClientCores);

    private static async Task<Phase> LoadAsync(Node[] nodes, int phase, TimeSpan warmUp, TimeSpan measured)
    {
        var clients = nodes.Select(Client).ToArray();
        try
        {
            long count = 0;
            var measuring = false;
            var clock = Stopwatch.StartNew();
            var end = warmUp + measured;
            (long Busy, long Total) cpuStart = default;
            var clientStart = ProcessCpu.Read();
            double started = 0;
            var posters = Enumerable.Range(0, Posters).Select(async p =>
            {
                var sender = $"+1425558{phase}{p:D3}";
                for (var i = 0; clock.Elapsed < end; i++)
                {
                    using var response = await clients[(p + i) % clients.Length].PostAsJsonAsync("/webhooks/events", new[] { Inbound(sender, $"load {i}") });
                    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"inbound refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    if (Volatile.Read(ref measuring)) Interlocked.Increment(ref count);
                }
            }).ToArray();
            await Task.Delay(warmUp);
            cpuStart = MachineCpu();
            clientStart = ProcessCpu.Read();
            started = clock.Elapsed.TotalSeconds;
            Volatile.Write(ref measuring, true);
            await Task.Delay(measured);
            Volatile.Write(ref measuring, false);
            var seconds = clock.Elapsed.TotalSeconds - started;
            var taken = Interlocked.Read(ref count);
            var cpuEnd = MachineCpu();
            var client = ProcessCpu.Read() - clientStart;
            await Task.WhenAll(posters);
            var busy = (double)(cpuEnd.Busy - cpuStart.Busy) / Math.Max(1, cpuEnd.Total - cpuStart.Total);
            return new Phase(taken / seconds, taken, seconds, busy, client.Total / seconds);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }
}
