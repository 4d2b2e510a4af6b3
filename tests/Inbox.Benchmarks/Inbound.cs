using System.Diagnostics;
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

    public static async Task RunAsync(string store, string provider, Func<string> connectionString, double seconds, int rounds, Report report, double? target)
    {
        Database Open() => provider == "Sqlite" ? new SqliteDatabase(connectionString()) : new PostgresDatabase(connectionString());
        // PostgreSQL's commits are asynchronous I/O, so no one thread is the writer there: give its CPU in all.
        string Cpu(ProcessCpu cpu, double messages) => provider == "Sqlite"
            ? $"CPU per message: writer {cpu.Writer * 1e6 / messages:N0} µs, the rest {cpu.Others * 1e6 / messages:N0} µs"
            : $"CPU per message: {cpu.Total * 1e6 / messages:N0} µs in all";

        // The target's pair (real path, bare) runs in turn, each in a fresh database; the median round is reported.
        var results = new List<(Real Real, double Bare)>();
        for (var round = 0; round < rounds; round++)
        {
            var real = await RealAsync(provider, connectionString(), seconds);
            await using var bareDatabase = Open();
            results.Add((real, await BareRows.RunAsync(bareDatabase, seconds)));
        }
        var ratios = results.Select(r => r.Real.Rate / r.Bare).ToArray();
        var (median, bare) = results.OrderBy(r => r.Real.Rate / r.Bare).ElementAt(results.Count / 2);
        var ratio = median.Rate / bare;

        await using (var committerDatabase = Open())
        {
            await using var committer = new GroupCommitter(committerDatabase, Microsoft.Extensions.Options.Options.Create(new StorageOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<GroupCommitter>.Instance);
            var (grouped, alone) = await BareRows.CommitterAsync(committerDatabase, committer, seconds);
            var messages = grouped * seconds;
            report.Row($"{store}: the same rows through the group committer, no grains", $"{Bench.Rate(grouped)} messages/s", "",
                $"1,000 concurrent writers; {grouped / bare:P0} of bare; {Cpu(alone, messages)}");
        }
        report.Row($"{store}: bare batched INSERTs of the same rows", $"{Bench.Rate(bare)} messages/s", "",
            "message + list row + conversation state per message, 1,000 messages per transaction, one connection, the committer's statement runner");
        report.Row($"{store}: real path, {Conversations:N0} conversations, {Callers} concurrent webhooks", $"{Bench.Rate(median.Rate)} messages/s",
            target is { } t ? $"≥ {t:P0} of bare: {(ratio >= t ? "met" : "NOT met")} ({ratio:P0})" : $"{ratio:P0} of bare",
            $"{median.Count:N0} messages in {median.Seconds:N1} s, each committed before its call returned; writer busy {median.WriterBusy:P0}, " +
            $"{median.UnitsPerCommit:N0} units per transaction; {Cpu(median.Cpu, median.Count)}" +
            (rounds > 1 ? $"; median of {rounds} rounds, whose ratios were {string.Join(", ", ratios.Select(r => $"{r:P0}"))}" : ""));

        if (provider == "Sqlite")
        {
            report.Line("Both paths run their statements through the same runner (SQLite's C API, prepared once). The bare run checkpoints inside its own " +
                "commits, as SQLite does by default; the group committer leaves checkpoints to a second thread (WalCheckpointer), which is most of why the " +
                "committer alone outruns the bare run, and what gives the real path's grains room on two cores.");
        }

        await using var silo = await StartAsync(provider, connectionString());
        var (processor, senders) = await PreparedAsync(silo);
        var (p50, p99, achieved) = await OpenLoopAsync(processor, senders, median.Rate / 2, TimeSpan.FromSeconds(seconds));
        report.Row($"{store}: time to commit one message at half that rate", $"p50 {p50:N1} ms, p99 {p99:N1} ms", "", $"{Bench.Rate(achieved)} messages/s offered at a steady pace");
    }

    private sealed record Real(double Rate, long Count, double Seconds, double WriterBusy, double UnitsPerCommit, ProcessCpu Cpu);

    private static async Task<Real> RealAsync(string provider, string connectionString, double seconds)
    {
        await using var silo = await StartAsync(provider, connectionString);
        var (processor, senders) = await PreparedAsync(silo);
        var committer = silo.Services.GetRequiredService<GroupCommitter>();
        var (busy, units, transactions) = (committer.Busy, committer.Units, committer.Transactions);
        var cpu = ProcessCpu.Read();
        var errors = new Dictionary<string, int>();
        var (count, elapsed) = await ClosedLoopAsync(processor, senders, TimeSpan.FromSeconds(seconds), errors);
        cpu = ProcessCpu.Read() - cpu;
        if (errors.Count > 0) throw new InvalidOperationException("The real path failed: " + string.Join("; ", errors.Select(e => $"{e.Value} x {e.Key}")));
        return new Real(count / elapsed, count, elapsed, (committer.Busy - busy).TotalSeconds / elapsed,
            (committer.Units - units) / (double)Math.Max(1, committer.Transactions - transactions), cpu);
    }

    /// <summary>
    /// Opens the 1,000 conversations, then warms up as the bare runs do (BareRows.Preload messages), so every
    /// run starts from a database of the same size and measures the steady state, after the JIT has tiered up.
    /// </summary>
    private static async Task<(InboundProcessor Processor, string[] Senders)> PreparedAsync(BenchSilo silo)
    {
        var processor = silo.Services.GetRequiredService<InboundProcessor>();
        var senders = Enumerable.Range(0, Conversations).Select(i => $"+1206555{i:0000}").ToArray();
        await Task.WhenAll(senders.Select(s => processor.ProcessAsync(Message(s, "first"))));
        await ClosedLoopAsync(processor, senders, TimeSpan.MaxValue, [], limit: BareRows.Preload);
        return (processor, senders);
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

    private static async Task<BenchSilo> StartAsync(string provider, string connectionString) => (await StartWithBrandAsync(provider, connectionString)).Silo;

    /// <summary>A silo with the domain, one brand and its SMS number <c>sms:+12065550100</c> registered.</summary>
    public static async Task<(BenchSilo Silo, string BrandId)> StartWithBrandAsync(string provider, string connectionString)
    {
        var config = new Dictionary<string, string?>
        {
            ["Inbox:Actors:ServiceId"] = "bench",
            ["Inbox:Storage:Provider"] = provider,
            ["ConnectionStrings:Inbox"] = connectionString,
        };
        var cluster = await BenchSilo.StartAsync(config, silo => silo.AddInboxStorage(storage => storage.AddMigrationsFrom(InboxSiloExtensions.Schema)).AddInboxDomain());
        var grains = cluster.GrainFactory;
        var brand = Ids.New("brd");
        await grains.GetGrain<IBrandGrain>(brand).Create(Caller.Owner(), "Bench");
        await grains.GetGrain<INumberGrain>("sms:+12065550100").Register(Caller.Owner(), new NumberRegistration(brand, Purpose.Support, "sandbox"));
        return (cluster, brand);
    }
}
