using System.Diagnostics;
using Inbox.Actors;
using Inbox.Actors.Testing;
using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Brands;
using Inbox.Silo.Channels;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Benchmarks;

/// <summary>
/// Durable inbound messages through the real path (InboundProcessor → Number → Conversation → one
/// unit of work), against a bare batched execution of the same rows at the same durability.
/// </summary>
internal static class Inbound
{
    private const int Conversations = 1_000;
    private const int Callers = 256;

    public static async Task RunAsync(string store, string provider, Func<string> connectionString, double seconds, Report report, double? target)
    {
        await using var silo = await StartAsync(provider, connectionString());
        var processor = silo.Silos[0].Services.GetRequiredService<InboundProcessor>();
        var senders = Enumerable.Range(0, Conversations).Select(i => $"+1206555{i:0000}").ToArray();
        await Task.WhenAll(senders.Select(s => processor.ProcessAsync(Message(s, "first"))));   // conversations exist, routes are warm

        // Warm up as the bare runs do (BareRows.Preload messages), so every run starts from a database of
        // the same size and the measured part is the steady state, after the JIT has tiered the hot path up.
        await ClosedLoopAsync(processor, senders, TimeSpan.MaxValue, [], limit: BareRows.Preload);

        var committer = silo.Silos[0].Services.GetRequiredService<GroupCommitter>();
        var (busy, units, transactions) = (committer.Busy, committer.Units, committer.Transactions);
        var cpuBefore = ProcessCpu.Read();
        var errors = new Dictionary<string, int>();
        var (count, elapsed) = await ClosedLoopAsync(processor, senders, TimeSpan.FromSeconds(seconds), errors);
        var realCpu = ProcessCpu.Read() - cpuBefore;
        var writer = $"writer busy {(committer.Busy - busy).TotalSeconds / elapsed:P0} of the time, {(committer.Units - units) / (double)Math.Max(1, committer.Transactions - transactions):N0} units per transaction";
        var rate = count / elapsed;
        if (errors.Count > 0) throw new InvalidOperationException("The real path failed: " + string.Join("; ", errors.Select(e => $"{e.Value} x {e.Key}")));
        double grouped;
        double committerWriterCpu = 0;
        await using var bareDatabase = provider == "Sqlite" ? (Database)new SqliteDatabase(connectionString()) : new PostgresDatabase(connectionString());
        var bare = await BareRows.RunAsync(bareDatabase, seconds);
        await using (var committerDatabase = provider == "Sqlite" ? (Database)new SqliteDatabase(connectionString()) : new PostgresDatabase(connectionString()))
        {
            await using var bareCommitter = new GroupCommitter(committerDatabase, Microsoft.Extensions.Options.Options.Create(new StorageOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<GroupCommitter>.Instance);
            (grouped, var alone) = await BareRows.CommitterAsync(committerDatabase, bareCommitter, seconds);
            var messages = grouped * seconds;
            report.Row($"{store}: the same rows through the group committer, no grains", $"{Bench.Rate(grouped)} messages/s", "",
                $"1,000 concurrent writers; {grouped / bare:P0} of bare; CPU per message: writer {alone.Writer * 1e6 / messages:N0} µs, the rest {alone.Others * 1e6 / messages:N0} µs; writer wrote {alone.WriterBytes / messages / 1024:N1} KiB per message");
            committerWriterCpu = alone.Writer * 1e6 / messages;
        }
        var ratio = rate / bare;
        report.Row($"{store}: bare batched INSERTs of the same rows", $"{Bench.Rate(bare)} messages/s", "", "message + list row + conversation state per message, 1,000 messages per transaction, one connection");
        report.Row($"{store}: real path, {Conversations:N0} conversations, {Callers} concurrent webhooks", $"{Bench.Rate(rate)} messages/s",
            target is { } t ? $"≥ {t:P0} of bare: {(ratio >= t ? "met" : "NOT met")} ({ratio:P0})" : $"{ratio:P0} of bare", $"{count:N0} messages in {elapsed:N1} s, each committed before its call returned; {writer}; writer wrote {realCpu.WriterBytes / count / 1024:N1} KiB per message");
        if (target is { } wanted && ratio < wanted)
        {
            report.Line($"What bounds it: CPU per message on the real path is {realCpu.Writer * 1e6 / count:N0} µs in the one writer thread and " +
                $"{realCpu.Others * 1e6 / count:N0} µs in everything else (webhook, routing, the grain's turn, JSON state, events). The writer is busy all the time, " +
                $"and beside the grain workload the same statements cost it {realCpu.Writer * 1e6 / count:N0} µs instead of the {committerWriterCpu:N0} µs they cost when " +
                "it runs alone (row above), so on two cores the single writer, not the grains, sets the pace.");
        }

        var (p50, p99, achieved) = await OpenLoopAsync(processor, senders, rate / 2, TimeSpan.FromSeconds(seconds));
        report.Row($"{store}: time to commit one message at half that rate", $"p50 {p50:N1} ms, p99 {p99:N1} ms", "", $"{Bench.Rate(achieved)} messages/s offered at a steady pace");
    }

    private static async Task<(long Count, double Seconds)> ClosedLoopAsync(InboundProcessor processor, string[] senders, TimeSpan duration, Dictionary<string, int> errors, long limit = long.MaxValue)
    {
        long total = 0;
        long started = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            long n = 0;
            while (clock.Elapsed < duration && Interlocked.Increment(ref started) <= limit)
            {
                try
                {
                    await processor.ProcessAsync(Message(senders[(int)((c + n * Callers) % senders.Length)], "Is my order shipped?"));
                }
                catch (Exception error)
                {
                    var what = $"{error.GetType().Name}: {error.Message}";
                    lock (errors) errors[what] = errors.GetValueOrDefault(what) + 1;
                }
                n++;
            }
            Interlocked.Add(ref total, n);
        })));
        return (total, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Offers messages at a steady rate, whatever the answers do, and records each one's time to commit.</summary>
    private static async Task<(double P50, double P99, double Rate)> OpenLoopAsync(InboundProcessor processor, string[] senders, double rate, TimeSpan duration)
    {
        var latencies = new List<double>();
        var pending = new List<Task>();
        var clock = Stopwatch.StartNew();
        long sent = 0;
        while (clock.Elapsed < duration)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                var started = Stopwatch.GetTimestamp();
                var sender = senders[sent % senders.Length];
                pending.Add(Task.Run(async () =>
                {
                    await processor.ProcessAsync(Message(sender, "steady"));
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    lock (latencies) latencies.Add(ms);
                }));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(pending);
        latencies.Sort();
        return (latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], sent / clock.Elapsed.TotalSeconds);
    }

    private static InboundEvent Message(string sender, string text) => new()
    {
        Kind = InboundKind.Message, Channel = Channel.Sms, NumberAddress = "+12065550100", SenderAddress = sender,
        DedupeKey = Guid.NewGuid().ToString("N"), ProviderTimestamp = DateTimeOffset.UtcNow, Text = text,
    };

    private static async Task<TestCluster> StartAsync(string provider, string connectionString)
    {
        var config = new Dictionary<string, string?>
        {
            ["Inbox:Actors:ServiceId"] = "bench",
            ["Inbox:Storage:Provider"] = provider,
            ["ConnectionStrings:Inbox"] = connectionString,
        };
        var cluster = new TestCluster(config, actors => actors.AddInboxGrains(), services => services.AddInboxDomain());
        await cluster.StartSiloAsync();
        var grains = cluster.GrainFactory;
        var brand = Ids.New("brd");
        await grains.GetGrain<IBrandGrain>(brand).Create(Caller.Owner(), "Bench");
        await grains.GetGrain<INumberGrain>("sms:+12065550100").Register(Caller.Owner(), new NumberRegistration(brand, Purpose.Support, "sandbox"));
        return cluster;
    }
}
