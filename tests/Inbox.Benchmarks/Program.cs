using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Globalization;
using Inbox.Benchmarks;

// Measures the runtime's targets and writes docs/performance.md. Usage:
//   dotnet run -c Release --project tests/Inbox.Benchmarks -- [--postgres "<connection string>"] [--out docs/performance.md] [--quick] [--only calls|memory|writes|inbound|lists|events|failover|cluster|webhooks|pacing|screen|circuits|listsize]
// Without --only, each section runs in a child process of its own and the parent writes the report.
// The circuit section's baseline app: this program, run by that section as a process of its own.
if (args is ["--host", "weather", ..])
{
    await WeatherApp.RunAsync(args);
    return;
}

var options = BenchOptions.Parse(args);
var report = new Report();
if (options.Only is null)
{
    // Each section in a fresh process, so none runs on the heap, thread pool and JIT state an earlier one left.
    foreach (var section in BenchOptions.Sections) report.Append(await Child.RunAsync(args, section));
    report.Write(options.Out);
    Console.WriteLine($"Wrote {options.Out}");
    return;
}

if (options.Runs("calls"))
{
    report.Section("Grain calls", "Empty grain method, caller and grain in one silo. Target: ≥ 500,000 calls/s with 256 concurrent callers.");
    await using (var silo = await Bench.StartAsync("Sqlite", $"Data Source={Bench.TempDb()}", maxBatch: null))
    {
        var factory = silo.GrainFactory;
        await Calls.RunAsync(factory, callers: 1, grains: 1, options.Seconds, report, "1 caller, 1 grain");
        await Calls.RunAsync(factory, callers: 256, grains: 256, options.Seconds, report, "256 callers, a grain each", target: 500_000);
        await Calls.RunAsync(factory, callers: 256, grains: 16, options.Seconds, report, "256 callers sharing 16 grains");
        await Calls.RunAsync(factory, callers: 256, grains: 256, options.Seconds, report, "256 callers, a grain each, method awaits (every call queues)", yields: true);
    }
    // The same silo with nothing of Inbox in it: what Orleans itself gives on this machine today.
    await using (var plain = await BenchSilo.StartAsync(new() { ["Inbox:Actors:ServiceId"] = "bench-plain" }, _ => { }))
        await Calls.RunAsync(plain.GrainFactory, callers: 256, grains: 256, options.Seconds, report, "256 callers, a grain each, a plain Orleans silo (no Inbox storage)");

}

if (options.Runs("memory"))
{
    report.Section("Memory per idle activation", "100,000 activations of a grain without state, then conversations after 20 messages beside as many empty activations in another silo; managed heap after a full GC. Targets: ≤ 1 KiB each before the move; after it, a conversation's own share (beyond Orleans' empty activation) ≤ 1 KiB.");
    await using (var silo = await Bench.StartAsync("Sqlite", $"Data Source={Bench.TempDb()}", maxBatch: null))
        await Activations.RunAsync(silo, 100_000, report);
    var (domain, brand) = await Inbound.StartWithBrandAsync("Sqlite", $"Data Source={Bench.TempDb()}");
    await using (domain) await Activations.ConversationsAsync(domain, brand, 5_000, report);

}

if (options.Runs("writes"))
{
    report.Section("Durable state writes", "Version-checked grain state writes through `IPersistentState.WriteStateAsync`, 1,000 grains written concurrently, each write awaited until committed. Same run: group commit against one commit per write, each measured for 5 s after a 2 s warm-up in a fresh silo and database; the pair runs three times in turn and the median round is reported.");
    var bare = await Bare.SqliteAsync(options.Seconds);
    report.Row("SQLite bare UPDATE, one per transaction (no runtime)", $"{Bench.Rate(bare.SingleRate)} writes/s", "", "the fsync-per-commit floor");
    report.Row("SQLite bare UPDATE, 1,000 per transaction (no runtime)", $"{Bench.Rate(bare.Rate)} writes/s", "", "the ceiling: the same statement runner on one thread, nothing else");
    var sqlite = await Writes.CompareAsync("SQLite (WAL, synchronous=FULL)", "Sqlite", () => $"Data Source={Bench.TempDb()}", options.Seconds, options.Rounds, report, target: 20);
    var orleans = await Writes.OrleansCeilingAsync(options.Seconds, report);
    report.Line($"Orleans' own ceiling for these writes is {orleans / bare.Rate:P0} of the bare one: no durable storage behind Orleans can reach more. " +
        $"Inbox's group commit reaches {sqlite.Grouped / orleans:P0} of Orleans' ceiling.");
    report.Line($"What bounds the ratio: a single commit waits for one fsync ({1e6 / bare.SingleRate:N0} µs on this disk in the bare run), so the ratio is " +
        "that wait over the writer's CPU per grouped write. With no runtime at all, 1,000 updates per transaction run " +
        $"{bare.Rate / bare.SingleRate:N1}× as fast as one per transaction; Inbox's group commit, through grain calls, JSON state, version checks and an " +
        $"answer per caller, reaches {sqlite.Grouped / bare.Rate:P0} of that ceiling.");
    if (options.Postgres is { } pg)
        await Writes.CompareAsync("PostgreSQL 15 (fsync=on, synchronous_commit=on)", "Postgres", () => pg, options.Seconds, 1, report, target: null);
    else
        report.Line("PostgreSQL: not measured in this run (pass --postgres, or run infra/bench.sh).");

}

if (options.Runs("inbound"))
{
    report.Section("Inbound messages", "Durable inbound messages through the real path (InboundProcessor → NumberGrain → ConversationGrain → one unit of work: message row, list row, conversation state), each committed before its call returns. Target on SQLite: ≥ 70 % of a bare batched INSERT of the same rows at the same durability, same run. Every run first writes the same 40,000 messages unmeasured (so each starts from a database of the same size, with the JIT warm), then is measured for 5 s; the pair runs three times in turn and the median round is reported.");
    await Inbound.RunAsync("SQLite", "Sqlite", () => $"Data Source={Bench.TempDb()}", options.Seconds, options.Rounds, report, target: 0.70);
    if (options.Postgres is { } pgInbound) await Inbound.RunAsync("PostgreSQL", "Postgres", () => Schemas.Fresh(pgInbound), options.Seconds, 1, report, target: null);
}

if (options.Runs("lists"))
{
    report.Section("Lists and threads at size", "First page of the conversation list and of a thread with 100,000 conversations in one brand and a thread of 10,000 messages (plus one message in each other conversation), through `ConversationQueries` as the API calls it. Target: under 100 ms.");
    await using (var sqlite = new SqliteDatabase($"Data Source={Bench.TempDb()}")) await Lists.RunAsync("SQLite", sqlite, report);
    if (options.Postgres is { } pgLists)
    {
        await using var postgres = new PostgresDatabase(Schemas.Fresh(pgLists));
        await Lists.RunAsync("PostgreSQL", postgres, report);
    }
}

if (options.Runs("failover"))
{
    report.Section("Failover", "Two Inbox.Web nodes (processes) in cluster mode on one PostgreSQL, at the membership options Inbox ships. Each round a fresh second node starts 20 conversations, is killed with SIGKILL, and the time is taken from the kill until every one of those conversations has answered an inbound message through the survivor (posted every 50 ms until it does). Measured, not asserted in CI. Before the first kill, both nodes take inbound at full load (both cores saturated), which is where too eager probes would declare a healthy node dead.");
    if (options.Postgres is { } pgFailover) await Failover.RunAsync(pgFailover, kills: options.Seconds < 5 ? 2 : 5, saturation: TimeSpan.FromSeconds(options.Seconds < 5 ? 15 : 60), report);
    else report.Line("Not measured in this run: a cluster needs PostgreSQL (pass --postgres, or run infra/bench.sh).");
}

if (options.Runs("cluster"))
{
    report.Section("Inbound on one node and on two", "Two Inbox.Web nodes (processes) in cluster mode on one PostgreSQL (fsync on), the load client in this process: 64 posters, one message per request through `/webhooks/events`, each awaited. First one node alone, then a second node joins and each poster alternates between the two. Each phase is measured for 10 s (5 s with --quick) after 3 s of warm-up, with new conversations.");
    if (options.Postgres is { } pgCluster)
        await ClusterThroughput.RunAsync(pgCluster, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(options.Seconds < 5 ? 5 : 10), report);
    else report.Line("Not measured in this run: a cluster needs PostgreSQL (pass --postgres, or run infra/bench.sh).");
}

if (options.Runs("webhooks"))
{
    report.Section("Signed WhatsApp webhooks over HTTP", "Issue 13's measure: signed WhatsApp webhooks (`X-Hub-Signature-256` by a configured Meta app), one message per request as Meta sends them, posted to an Inbox.Web process (Production settings, SQLite) through the whole path: signature, parse, route, grains, durable commit. Beside it, in the same run, the same messages through `InboundProcessor` in this process's silo on its own SQLite file. The load generator is this benchmark process, the app a child process, and each one's CPU is read from /proc. The first message of 1,000 conversations and a warm-up go unmeasured on each side; then each side is measured for 5 s in turn, three rounds, and the median round is reported. Targets: HTTP ÷ in process ≥ 0.6; at half the measured HTTP rate, paced, p99 from request to 200 ≤ 50 ms (Meta asks for a median under 250 ms).");
    await Webhooks.RunAsync(options.Seconds, options.Rounds, report);
}

if (options.Runs("pacing"))
{
    report.Section("Outbound pacing in the provider's window", "Issue 14's measure: two SMS numbers of an Inbox.Web process (Production settings, SQLite) send queued replies through one fake ACS resource on loopback; the fake counts what it accepts per number on its own clock, in sliding windows of ACS's unit (a minute). Measured for 90 s from the first text (65 s with --quick); 20 s in, the fake throttles the second number for 20 s. Targets: in every 60 s window at most the limit (200); achieved ÷ permitted ≥ 0.97; the throttled number pauses alone while the other keeps its rate.");
    await Pacing.RunAsync(TimeSpan.FromSeconds(options.Seconds < 5 ? 65 : 90), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20), report);
}

if (options.Runs("events"))
{
    report.Section("Live events across nodes", "How long an event takes from `InboxEvents.Publish` to a subscriber's handler: on the node that published it, and on another node of a 2-silo cluster in this process (loopback TCP; the brand's relay is on one of the two). One event at a time, each waited for; 500 unmeasured first, then 5,000 measured (500 with --quick). No storage on the path: the commit before a publish is measured under Inbound messages.");
    await LiveEvents.RunAsync(options.Seconds < 5 ? 500 : 5_000, report);
}

if (options.Runs("screen"))
{
    report.Section("Webhook → screen", $"Issue 15's measure: {Screens.Rate} customer messages per second on a fixed schedule (open loop, over {Screens.Conversations} conversations, five a second each; a desktop window's list draws about 10 of them, and the pages' figures are for the messages to the conversations drawn) as signed WhatsApp webhooks over HTTP to an Inbox.Web process (Production settings, SQLite), with {Screens.HubClients} SignalR clients of `/hubs/inbox` (C#, a supervisor key's hub ticket, each watching the brand's inbox) and {Screens.BrowserPages} inbox pages in Chromium (a supervisor signed in) live; in turn, in the same run, the same `messageAdded` payloads at the same rate through a bare SignalR relay (an ASP.NET Core hub in the benchmark process that only broadcasts) to as many C# clients and pages (a page that speaks SignalR's JSON protocol over a WebSocket and puts each message in a list row). Each side is warmed up at least {Screens.WarmUp.TotalSeconds:N0} s and until its server's JIT compiles for less than 1 % of {Screens.WarmUpStep.TotalSeconds:N0} s (at most {Screens.WarmUpAtMost.TotalSeconds:N0} s), then measured for 10 s, alternating, three rounds (one of 5 s with --quick). Every message carries a token; a client notes the wall clock when its `messageAdded` arrives, a page when a MutationObserver first sees the token in the DOM (`performance.timeOrigin + performance.now()`; one machine, one clock). Inbox's times are from the webhook's 200 (and, in brackets, from its send); the relay's from its broadcast call. Targets: p99 ≤ 3× the relay's; absolute p99 ≤ 150 ms.");
    await Screens.RunAsync(options.Seconds, options.Rounds, report);
}

if (options.Runs("circuits"))
{
    report.Section("Memory per idle circuit", $"Issue 15's measure: {Circuits.Pages} inbox pages (a supervisor signed in, 50 rows each) opened one after another in real Chromium and kept open, each a live circuit, against the .NET template's Weather page (interactive on the server, no prerendering, as the inbox page) opened the same way in a minimal Blazor Server app. Each server runs in a process of its own (Production settings), so its heap holds neither the benchmark nor Playwright nor the other app; the heap is read in that process after full, compacting collections (a startup hook on its stdin), with one page open before the {Circuits.Pages} and after they all showed their content and idled 5 s. Target: ≤ 2× the Weather page's circuit.");
    await Circuits.RunAsync(report);
}

if (options.Runs("listsize"))
{
    report.Section("The inbox list at 100,000 conversations", "Issue 15's measure: the list's first page and each filter change an agent makes, through `ConversationQueries.ListAsync` as the inbox page calls it (50 rows), with 100,000 conversations in one brand seeded by bulk INSERT into the projection tables in a busy brand's spread (8 numbers on 4 channels, 4 teams, 32 agents, open 20 % and 60 % of the newest tenth, half of those unassigned, 1–4 messages each; `ListSeed`). The list's default order, longest waiting first (a customer's last unanswered message in a thread not resolved sets `waiting_since`). Each query 5 times unmeasured, then 50 times measured; server time is the query's own (this process is the server). Target: ≤ 100 ms.");
    await using (var sqlite = new SqliteDatabase($"Data Source={Bench.TempDb()}")) await ListSize.RunAsync("SQLite", sqlite, report);
    if (options.Postgres is { } pgSize)
    {
        await using var postgres = new PostgresDatabase(Schemas.Fresh(pgSize));
        await ListSize.RunAsync("PostgreSQL", postgres, report);
    }
    else report.Line("PostgreSQL: not measured in this run (pass --postgres).");
}

if (options.Body is { } body) report.WriteBody(body);
else
{
    report.Write(options.Out);
    Console.WriteLine($"Wrote {options.Out}");
}

internal sealed record BenchOptions(string? Postgres, string Out, double Seconds, string? Only, string? Body)
{
    public static readonly string[] Sections = ["calls", "memory", "writes", "inbound", "lists", "events", "failover", "cluster", "webhooks", "pacing", "screen", "circuits", "listsize"];

    /// <summary>How many times a comparison that decides a target runs; the report gives the median.</summary>
    public int Rounds => Seconds < 5 ? 1 : 3;

    public bool Runs(string section) => Only is null || Only == section;

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new(Value("--postgres"), Value("--out") ?? "docs/performance.md", args.Contains("--quick") ? 1 : 5, Value("--only"), Value("--body"));
    }
}

/// <summary>Runs one section of this program in a child process and returns the Markdown it wrote.</summary>
internal static class Child
{
    public static async Task<string> RunAsync(string[] args, string section)
    {
        var body = Path.GetTempFileName();
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        // Under "dotnet Inbox.Benchmarks.dll" the process is the host, which needs the program's path first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(Child).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var arg in new[] { "--only", section, "--body", body }) start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        if (child.ExitCode != 0) throw new InvalidOperationException($"The {section} benchmarks failed (exit code {child.ExitCode}).");
        var markdown = await File.ReadAllTextAsync(body);
        File.Delete(body);
        return markdown;
    }
}

internal static class Bench
{
    public static async Task<BenchSilo> StartAsync(string provider, string connectionString, int? maxBatch)
    {
        var config = new Dictionary<string, string?>
        {
            ["Inbox:Actors:ServiceId"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
            ["Inbox:Storage:Provider"] = provider,
            ["ConnectionStrings:Inbox"] = connectionString,
        };
        if (maxBatch is { } batch) config["Inbox:Storage:MaxBatch"] = batch.ToString(CultureInfo.InvariantCulture);
        return await BenchSilo.StartAsync(config, silo => silo.AddInboxStorage().Services
            .AddKeyedSingleton<Orleans.Storage.IGrainStorage>(ForgetfulStorage.Name, (_, _) => new ForgetfulStorage()));
    }

    public static string TempDb() => Path.Combine(Path.GetTempPath(), "inbox-bench", Guid.NewGuid().ToString("N") + ".db");

    public static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);
}
