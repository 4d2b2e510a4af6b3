using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Inbox.Benchmarks;

/// <summary>
/// Issue 15's webhook → screen: customer messages at a fixed rate through signed WhatsApp webhooks to an Inbox.Web process,
/// heard by hub clients of <c>/hubs/inbox</c> and seen in the list of live inbox pages in Chromium; in turn, in the same run,
/// the same payloads at the same rate through a bare SignalR relay in this process to as many clients and pages. Every
/// message carries a token; each client and page notes the wall-clock time it saw each token (one machine, one clock).
/// </summary>
internal static partial class Screens
{
    public const int Rate = 200;
    public const int HubClients = 50;
    public const int BrowserPages = 2;
    // Five a second each. A conversation takes its messages one at a time, each until it is committed (its webhook's 200
    // waits for that), so at 10 conversations, 20 a second each, the webhooks queued for seconds behind their conversations.
    // The desktop list draws about 10 rows (Virtualize): the pages' figures are for the messages to the conversations drawn.
    public const int Conversations = 40;

    /// <summary>
    /// Unmeasured load on each side first, at least this long and in steps of <see cref="WarmUpStep"/> until the JIT of the
    /// process that serves the side (Inbox.Web; this process for the relay) compiled for less than 1 % of a step. On two
    /// 2.3 GHz cores the app's JIT goes on tiering up its hot paths for about 30 s of load (a CPU profile 25-85 s into a run
    /// warmed up 15 s had its tiering thread at a quarter of the app's time, in the relay's turns too).
    /// </summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan WarmUpStep = TimeSpan.FromSeconds(5);

    /// <summary>Where the warm-up stops even if the JIT has not settled (the report says so).</summary>
    public static readonly TimeSpan WarmUpAtMost = TimeSpan.FromSeconds(120);

    /// <summary>Rows a 1280 × 800 window's list draws at least.</summary>
    private const int RowsDrawn = 10;

    public static async Task RunAsync(double seconds, int rounds, Report report)
    {
        var measured = TimeSpan.FromSeconds(seconds < 5 ? 5 : 10);
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var scene = await Scene.StartAsync();
        await using var relay = await Relay.StartAsync();
        var log = new Sends();
        try
        {
            for (var i = 0; i < Conversations; i++) await scene.CustomerWritesAsync(Scene.Sender(i), $"Hello from customer {i}");

            // The app's side: hub clients on one ticket of the brand's supervisor key, each watching the brand's inbox;
            // pages signed in as the brand's supervisor on the inbox.
            var ticket = await TicketAsync(scene);
            var appClients = new List<Listener>();
            for (var i = 0; i < HubClients; i++)
            {
                var connection = new HubConnectionBuilder()
                    .WithUrl($"{scene.Node.BaseUrl}/hubs/inbox", o => o.AccessTokenProvider = () => Task.FromResult<string?>(ticket))
                    .Build();
                appClients.Add(await Listener.StartAsync(connection, c => c.InvokeAsync<string>("SubscribeInbox", new { brandId = scene.Brand })));
            }
            var appPages = new List<IPage>();
            for (var i = 0; i < BrowserPages; i++)
            {
                var (context, page) = await scene.SignInAsync(browser);
                // The circuit opened at sign-in started before the socket hook; a reload opens one with it.
                await context.AddInitScriptAsync(SocketHook);
                await page.ReloadAsync();
                await page.WaitForFunctionAsync($"document.querySelectorAll('#conversations li[aria-posinset]').length >= {RowsDrawn}", null, new() { Timeout = 60_000 });
                await page.EvaluateAsync(Observer);
                appPages.Add(page);
            }
            // The relay's side: the same numbers of clients and pages.
            var relayClients = new List<Listener>();
            for (var i = 0; i < HubClients; i++)
                relayClients.Add(await Listener.StartAsync(new HubConnectionBuilder().WithUrl($"{relay.BaseUrl}/relay").Build(), null));
            var relayPages = new List<IPage>();
            for (var i = 0; i < BrowserPages; i++)
            {
                var context = await browser.NewContextAsync();
                await context.AddInitScriptAsync(SocketHook);
                var page = await context.NewPageAsync();
                await page.GotoAsync(relay.BaseUrl);
                await page.WaitForFunctionAsync("window.relayOpen === true");
                await page.EvaluateAsync(Observer);
                relayPages.Add(page);
            }

            // The relay broadcasts what the app's hub sends: one messageAdded as heard, its text and ids replaced per message.
            var template = await FirstMessageAddedAsync(scene, appClients[0]);
            var app = new Side("app", (token, sender, text) => scene.CustomerWritesAsync(sender, text));
            var bare = new Side("relay", (token, sender, text) => relay.BroadcastAsync(Relay.Event(template, token, sender, text)));

            var windows = new List<(Side Side, long From, long To)>();
            var appSeconds = new List<(double At, RuntimeTimes Runtime)>();
            var cpu = new Dictionary<Side, Cpu> { [bare] = new(), [app] = new() };
            var warmed = new Dictionary<Side, (double Seconds, string Text)>
            {
                [bare] = await WarmUpAsync(bare, log, () => Task.FromResult(RuntimeTimes.Here().Jit)),
                [app] = await WarmUpAsync(app, log, async () => (await scene.Node.RuntimeAsync()).Jit),
            };
            for (var round = 0; round < rounds; round++)
                foreach (var side in new[] { bare, app })
                {
                    var from = log.Next;
                    var (hereRuntime, appRuntime) = (RuntimeTimes.Here(), await scene.Node.RuntimeAsync());
                    var (machine, here, appCpu, chromium, clock) = (Failover.MachineCpu(), ProcessCpu.Read().Total, ProcessCpu.Of(scene.Node.Pid), ProcessCpu.Descendants(scene.Node.Pid), Stopwatch.StartNew());
                    using (var sampling = new CancellationTokenSource())
                    {
                        // Inbox.Web's runtime once a second while measured: what its slowest seconds had in them.
                        var sampler = side == app ? SampleAsync(scene.Node, appSeconds, sampling.Token) : Task.CompletedTask;
                        await OpenLoopAsync(side, log, measured);
                        await sampling.CancelAsync();
                        await sampler;
                    }
                    var after = Failover.MachineCpu();
                    cpu[side].Add(clock.Elapsed.TotalSeconds, (double)(after.Busy - machine.Busy) / Math.Max(1, after.Total - machine.Total),
                        ProcessCpu.Read().Total - here, ProcessCpu.Of(scene.Node.Pid) - appCpu, ProcessCpu.Descendants(scene.Node.Pid) - chromium,
                        RuntimeTimes.Here() - hereRuntime, await scene.Node.RuntimeAsync() - appRuntime);
                    windows.Add((side, from, log.Next));
                }
            await Task.Delay(3_000);

            var appDom = await SeenAsync(appPages);
            var relayDom = await SeenAsync(relayPages);
            var (appSocket, relaySocket) = (await SocketAsync(appPages), await SocketAsync(relayPages));
            var sends = log.Snapshot();
            bool In(Side side, long token) => windows.Any(w => w.Side == side && token >= w.From && token < w.To);
            var appTokens = sends.Keys.Where(t => In(app, t)).ToList();
            var relayTokens = sends.Keys.Where(t => In(bare, t)).ToList();

            var relayHub = Latencies(relayClients.SelectMany(c => c.Heard), relayTokens, sends, s => s.Sent);
            var relayScreen = Latencies(relayDom, relayTokens, sends, s => s.Sent);
            var appHubOk = Latencies(appClients.SelectMany(c => c.Heard), appTokens, sends, s => s.Answered);
            var appHubSent = Latencies(appClients.SelectMany(c => c.Heard), appTokens, sends, s => s.Sent);
            // A page draws only the rows in view (and a few past its edge, not all the time): its figures count the messages
            // to the conversations whose rows it drew.
            var drawn = appDom.Select(s => s.Token % Conversations).ToHashSet();
            var appDrawnTokens = appTokens.Where(t => drawn.Contains(t % Conversations)).ToList();
            var appScreenOk = Latencies(appDom, appDrawnTokens, sends, s => s.Answered);
            var appScreenSent = Latencies(appDom, appDrawnTokens, sends, s => s.Sent);
            var answers = appTokens.Select(t => sends[t].Answered - sends[t].Sent).Order().ToList();
            var achieved = appTokens.Count / (measured.TotalSeconds * rounds);
            var late = log.Late;

            report.Row($"bare SignalR relay → {HubClients} hub clients", relayHub.Text, "", relayHub.Notes(relayTokens.Count, HubClients, "from the broadcast call"));
            report.Row($"bare SignalR relay → {BrowserPages} pages' DOM", relayScreen.Text, "", relayScreen.Notes(relayTokens.Count, BrowserPages, "from the broadcast call"));
            report.Row($"Inbox: webhook → {HubClients} hub clients of /hubs/inbox", appHubOk.Text + $" (from the send: p50 {appHubSent.P50:N1}, p99 {appHubSent.P99:N1} ms)",
                Target(appHubOk, relayHub), appHubOk.Notes(appTokens.Count, HubClients, "from the webhook's 200"));
            var (relayFanOut, appFanOut) = (FanOut(relayClients, relayTokens, sends, s => s.Sent), FanOut(appClients, appTokens, sends, s => s.Answered));
            report.Row("Of those, the first hub client, and the spread to the last", $"relay: first p99 {relayFanOut.First:N1} ms, spread p99 {relayFanOut.Spread:N1} ms; " +
                $"Inbox: first p99 {appFanOut.First:N1} ms, spread p99 {appFanOut.Spread:N1} ms", "",
                $"per message: when its first of the {HubClients} clients heard it (from the broadcast call; from the 200), and how long after that its last one did");
            report.Row($"Inbox: webhook → {BrowserPages} inbox pages' DOM (the row's preview)", appScreenOk.Text + $" (from the send: p50 {appScreenSent.P50:N1}, p99 {appScreenSent.P99:N1} ms)",
                Target(appScreenOk, relayScreen), appScreenOk.Notes(appDrawnTokens.Count, BrowserPages, $"from the webhook's 200; the {drawn.Count} conversations whose rows were drawn"));
            var (relayArrived, appArrived) = (Latencies(relaySocket.Select(s => (s.Token, s.At)), relayTokens, sends, s => s.Sent),
                Latencies(appSocket.Select(s => (s.Token, s.At)), appDrawnTokens, sends, s => s.Answered));
            var (relayDrew, appDrew) = (Drawing(relaySocket, relayTokens), Drawing(appSocket, appDrawnTokens));
            report.Row("Of those, to the page's socket, and from there to the DOM", $"relay: socket p50 {relayArrived.P50:N1}, p99 {relayArrived.P99:N1} ms, then DOM p50 {relayDrew.P50:N1}, p99 {relayDrew.P99:N1} ms; " +
                $"Inbox: socket p50 {appArrived.P50:N1}, p99 {appArrived.P99:N1} ms, then DOM p50 {appDrew.P50:N1}, p99 {appDrew.P99:N1} ms", "",
                "per page and message: when the WebSocket frame carrying it reached the page's script (from the broadcast call; from the 200), and how long after that the MutationObserver saw it");
            report.Row("The slowest seconds: hub p99 of the messages sent in each second", $"relay: {Slowest(relayClients, relayTokens, sends, s => s.Sent, null)}; " +
                $"Inbox: {Slowest(appClients, appTokens, sends, s => s.Answered, appSeconds)}", "",
                "the three worst seconds of each side's 30 measured, with what Inbox.Web's runtime did in that second (its JIT's compiling, its GC's pauses and collections, read once a second)");
            report.Row("Inbox: the webhooks themselves, request → 200", $"p50 {At(answers, 0.5):N1} ms, p99 {At(answers, 0.99):N1} ms", "",
                $"{achieved:N0} messages/s offered on a fixed schedule over {Conversations} conversations; the sends (both sides) left their due time late by p50 {log.Lag().P50:N1} ms, p99 {log.Lag().P99:N1} ms ({late:N0} of {log.Next:N0} more than 5 ms)");
            report.Row("CPU while measured: the relay's turns", $"the machine {cpu[bare].Busy:P0} busy", "",
                $"this process (load generator, relay, all {HubClients * 2} hub clients) {cpu[bare].Here:N2} cores, {cpu[bare].HereRuntime}; the Inbox.Web process, idle meanwhile, {cpu[bare].App:N2} cores, {cpu[bare].AppRuntime}; Chromium and Playwright {cpu[bare].Browser:N2}; other processes {cpu[bare].Rest:N2}");
            report.Row("CPU while measured: Inbox's turns", $"the machine {cpu[app].Busy:P0} busy", "",
                $"this process (load generator, all {HubClients * 2} hub clients) {cpu[app].Here:N2} cores, {cpu[app].HereRuntime}; the Inbox.Web process {cpu[app].App:N2} cores, {cpu[app].AppRuntime}; Chromium and Playwright {cpu[app].Browser:N2}; other processes {cpu[app].Rest:N2}");
            report.Row("Warm-up", $"relay {warmed[bare].Seconds:N0} s, Inbox {warmed[app].Seconds:N0} s", "",
                $"the relay's side {warmed[bare].Text} (the benchmark process's); Inbox's {warmed[app].Text} (Inbox.Web's)");
            report.Line($"Ratios, Inbox ÷ relay, p50 / p99: hub {appHubOk.P50 / relayHub.P50:N1}× / {appHubOk.P99 / relayHub.P99:N1}× from the 200 " +
                $"({appHubSent.P50 / relayHub.P50:N1}× / {appHubSent.P99 / relayHub.P99:N1}× from the send); DOM {appScreenOk.P50 / relayScreen.P50:N1}× / {appScreenOk.P99 / relayScreen.P99:N1}× from the 200 " +
                $"({appScreenSent.P50 / relayScreen.P50:N1}× / {appScreenSent.P99 / relayScreen.P99:N1}× from the send).");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static string Target(Stats app, Stats relay)
    {
        var ratio = app.P99 / relay.P99;
        return $"p99 ≤ 3× relay: {(ratio <= 3 ? "met" : "NOT met")} ({ratio:N1}×); p99 ≤ 150 ms: {(app.P99 <= 150 ? "met" : "NOT met")}";
    }

    /// <summary>Where the CPU went during one side's measured windows, in cores of the machine's.</summary>
    private sealed class Cpu
    {
        private double _seconds, _busy, _here, _app, _browser;
        private RuntimeTimes _hereRuntime = RuntimeTimes.None, _appRuntime = RuntimeTimes.None;

        public double Busy => _busy / _seconds;

        public double Here => _here / _seconds;

        public double App => _app / _seconds;

        public double Browser => _browser / _seconds;

        /// <summary>This process's JIT and GC while measured.</summary>
        public string HereRuntime => Describe(_hereRuntime);

        /// <summary>Inbox.Web's JIT and GC while measured.</summary>
        public string AppRuntime => Describe(_appRuntime);

        private string Describe(RuntimeTimes runtime) =>
            $"stopped by its GC {runtime.GcPaused.TotalSeconds / _seconds:P1} of the time ({runtime.Gen0:N0} collections, {runtime.Gen1:N0} of gen 1, {runtime.Gen2:N0} of gen 2), its JIT compiling {runtime.Jit.TotalMilliseconds:N0} ms";

        public double Rest => Busy * Environment.ProcessorCount - Here - App - Browser;

        public void Add(double seconds, double busy, double here, double app, double browser, RuntimeTimes hereRuntime, RuntimeTimes appRuntime)
        {
            _hereRuntime += hereRuntime;
            _appRuntime += appRuntime;
            _browser += browser;
            _seconds += seconds;
            _busy += busy * seconds;
            _here += here;
            _app += app;
        }
    }

    /// <summary>In the page: the wall-clock time each token first appeared in the DOM, as a MutationObserver sees it.</summary>
    private const string Observer = """
        () => {
          window.seen = new Map();
          const token = /#b(\d+)\./g;
          const scan = (text, at) => { if (!text) return; for (const m of text.matchAll(token)) { const k = Number(m[1]); if (!seen.has(k)) seen.set(k, at); } };
          new MutationObserver(records => {
            const at = performance.timeOrigin + performance.now();
            for (const r of records) {
              if (r.type === 'characterData') scan(r.target.data, at);
              else for (const n of r.addedNodes) scan(n.textContent, at);
            }
          }).observe(document.body, { subtree: true, childList: true, characterData: true });
        }
        """;

    /// <summary>
    /// Before a page's scripts: the wall-clock time each token first reached the page in a WebSocket frame (the relay's
    /// JSON, or a Blazor render batch), seen by a listener added before the page's own.
    /// </summary>
    private const string SocketHook = """
        (() => {
          window.socketSeen = new Map();
          const token = /#b(\d+)\./g;
          const decoder = new TextDecoder();
          const Native = window.WebSocket;
          window.WebSocket = class extends Native {
            constructor(...args) {
              super(...args);
              this.addEventListener('message', e => {
                const at = performance.timeOrigin + performance.now();
                const text = typeof e.data === 'string' ? e.data : e.data instanceof ArrayBuffer ? decoder.decode(e.data) : '';
                for (const m of text.matchAll(token)) { const k = Number(m[1]); if (!socketSeen.has(k)) socketSeen.set(k, at); }
              });
            }
          };
        })();
        """;

    /// <summary>Per page, each token's socket arrival and when its DOM showed it.</summary>
    private static async Task<List<(long Token, double At, double Drawn)>> SocketAsync(IEnumerable<IPage> pages)
    {
        var all = new List<(long, double, double)>();
        foreach (var page in pages)
            foreach (var t in await page.EvaluateAsync<double[][]>("() => Array.from(window.socketSeen.entries()).map(([k, at]) => [k, at, window.seen.get(k) ?? NaN])"))
                all.Add(((long)t[0], t[1], t[2]));
        return all;
    }

    private static Stats Drawing(List<(long Token, double At, double Drawn)> arrivals, List<long> tokens)
    {
        var wanted = tokens.ToHashSet();
        return Stats.Of(arrivals.Where(a => wanted.Contains(a.Token) && !double.IsNaN(a.Drawn)).Select(a => a.Drawn - a.At));
    }

    private static async Task<List<(long Token, double At)>> SeenAsync(IEnumerable<IPage> pages)
    {
        var all = new List<(long, double)>();
        foreach (var page in pages)
            foreach (var pair in await page.EvaluateAsync<double[][]>("() => Array.from(window.seen.entries())"))
                all.Add(((long)pair[0], pair[1]));
        return all;
    }

    private static string Text(long token, int conversation) =>
        $"#b{token.ToString(CultureInfo.InvariantCulture)}. Customer {conversation.ToString(CultureInfo.InvariantCulture)} asks: where is my order?";

    private sealed record Timing(double Sent, double Answered);

    /// <summary>Every token sent, when (wall clock, ms) and when its 200 came (the relay's: when the broadcast was handed over).</summary>
    private sealed class Sends
    {
        private readonly ConcurrentDictionary<long, Timing> _sent = new();
        private long _next;
        private long _late;

        public long Next => Interlocked.Read(ref _next);

        public long Late => Interlocked.Read(ref _late);

        public long Take() => Interlocked.Increment(ref _next) - 1;

        private readonly ConcurrentQueue<double> _lateness = new();

        public void Lateness(double seconds)
        {
            _lateness.Enqueue(seconds * 1000);
            if (seconds > 0.005) Interlocked.Increment(ref _late);
        }

        /// <summary>How late the sends left, in ms: p50 and p99.</summary>
        public (double P50, double P99) Lag()
        {
            var sorted = _lateness.Order().ToList();
            return (At(sorted, 0.5), At(sorted, 0.99));
        }

        public void Record(long token, double sent, double answered) => _sent[token] = new Timing(sent, answered);

        public Dictionary<long, Timing> Snapshot() => new(_sent);
    }

    private sealed record Side(string Name, Func<long, string, string, Task> Send);

    /// <summary>Load on the side until <see cref="WarmUp"/> has passed and the JIT <paramref name="jitTime"/> reads has settled; says how long it took.</summary>
    private static async Task<(double Seconds, string Text)> WarmUpAsync(Side side, Sends log, Func<Task<TimeSpan>> jitTime)
    {
        var clock = Stopwatch.StartNew();
        await OpenLoopAsync(side, log, WarmUp);
        while (true)
        {
            var before = await jitTime();
            await OpenLoopAsync(side, log, WarmUpStep);
            var compiled = await jitTime() - before;
            if (compiled < WarmUpStep / 100)
                return (clock.Elapsed.TotalSeconds, $"until its JIT compiled {compiled.TotalMilliseconds:N0} ms in {WarmUpStep.TotalSeconds:N0} s");
            if (clock.Elapsed >= WarmUpAtMost)
                return (clock.Elapsed.TotalSeconds, $"and its JIT still compiled {compiled.TotalMilliseconds:N0} ms in the last {WarmUpStep.TotalSeconds:N0} s");
        }
    }

    /// <summary>
    /// Messages on a fixed schedule whatever the answers do, round-robin over the conversations. The schedule runs on a
    /// thread of its own, not the thread pool the clients' callbacks keep busy; each send is then handed to the pool.
    /// </summary>
    private static async Task OpenLoopAsync(Side side, Sends log, TimeSpan duration)
    {
        var pending = new ConcurrentQueue<Task>();
        var done = new TaskCompletionSource();
        var pacer = new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            long sent = 0;
            while (clock.Elapsed < duration)
            {
                // Message k is due at k / Rate s: the first at once.
                var due = (long)(clock.Elapsed.TotalSeconds * Rate) + 1;
                for (; sent < due; sent++)
                {
                    log.Lateness(clock.Elapsed.TotalSeconds - sent / (double)Rate);
                    var token = log.Take();
                    var conversation = (int)(token % Conversations);
                    pending.Enqueue(Task.Run(async () =>
                    {
                        var at = Now();
                        await side.Send(token, Scene.Sender(conversation), Text(token, conversation));
                        log.Record(token, at, Now());
                    }));
                }
                Thread.Sleep(1);
            }
            done.SetResult();
        }) { IsBackground = true, Name = "bench pacer", Priority = ThreadPriority.Highest };
        pacer.Start();
        await done.Task;
        await Task.WhenAll(pending);
    }

    internal static double Now() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerMillisecond;

    private sealed record Stats(double P50, double P99, double Max, long Count)
    {
        public static Stats Of(IEnumerable<double> times)
        {
            var sorted = times.Order().ToList();
            return new Stats(At(sorted, 0.5), At(sorted, 0.99), sorted.Count > 0 ? sorted[^1] : double.NaN, sorted.Count);
        }

        public string Text => $"p50 {P50:N1} ms, p99 {P99:N1} ms";

        public string Notes(int tokens, int listeners, string from)
        {
            var missing = (long)tokens * listeners - Count;
            return $"{from}; {Count:N0} arrivals of {tokens:N0} messages × {listeners}{(missing > 0 ? $", {missing:N0} never arrived" : "")}; max {Max:N1} ms";
        }
    }

    private static Stats Latencies(IEnumerable<(long Token, double At)> heard, List<long> tokens, Dictionary<long, Timing> sends, Func<Timing, double> from)
    {
        var wanted = tokens.ToHashSet();
        return Stats.Of(heard.Where(h => wanted.Contains(h.Token)).Select(h => h.At - from(sends[h.Token])));
    }

    /// <summary>Per message, p99 of when its first client heard it and of how much later its last one did.</summary>
    private static (double First, double Spread) FanOut(List<Listener> clients, List<long> tokens, Dictionary<long, Timing> sends, Func<Timing, double> from)
    {
        var wanted = tokens.ToHashSet();
        var perMessage = clients.SelectMany(c => c.Heard).Where(h => wanted.Contains(h.Token)).GroupBy(h => h.Token)
            .Select(g => (First: g.Min(h => h.At) - from(sends[g.Key]), Spread: g.Max(h => h.At) - g.Min(h => h.At))).ToList();
        return (At(perMessage.Select(m => m.First).Order().ToList(), 0.99), At(perMessage.Select(m => m.Spread).Order().ToList(), 0.99));
    }

    /// <summary>The worst three seconds by hub p99 (messages grouped by the second they were sent in), with Inbox.Web's runtime in each.</summary>
    private static string Slowest(List<Listener> clients, List<long> tokens, Dictionary<long, Timing> sends, Func<Timing, double> from,
        List<(double At, RuntimeTimes Runtime)>? runtime)
    {
        var wanted = tokens.ToHashSet();
        var worst = clients.SelectMany(c => c.Heard).Where(h => wanted.Contains(h.Token))
            .GroupBy(h => Math.Floor(sends[h.Token].Sent / 1000))
            .Select(g => (Second: g.Key, P99: At(g.Select(h => h.At - from(sends[h.Token])).Order().ToList(), 0.99)))
            .OrderByDescending(s => s.P99).Take(3).ToList();
        return string.Join(", ", worst.Select(w => $"{w.P99:N1} ms{(runtime is null ? "" : $" ({During(runtime, w.Second * 1000)})")}"));
    }

    /// <summary>What the runtime did from the sample before <paramref name="at"/> to the one after it (a sampled second or two).</summary>
    private static string During(List<(double At, RuntimeTimes Runtime)> samples, double at)
    {
        var before = samples.LastOrDefault(s => s.At <= at);
        var after = samples.FirstOrDefault(s => s.At >= at + 1000);
        if (before.Runtime is null || after.Runtime is null) return "not sampled";
        var d = after.Runtime - before.Runtime;
        return $"over {(after.At - before.At) / 1000:N1} s: JIT {d.Jit.TotalMilliseconds:N0} ms, GC {d.GcPaused.TotalMilliseconds:N0} ms in {d.Gen0} collections, {d.Gen1} of gen 1, {d.Gen2} of gen 2";
    }

    private static async Task SampleAsync(Failover.Node node, List<(double At, RuntimeTimes Runtime)> samples, CancellationToken stop)
    {
        using var every = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do samples.Add((Now(), await node.RuntimeAsync()));
            while (await every.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
        }
        samples.Add((Now(), await node.RuntimeAsync()));
    }

    private static double At(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];

    private static async Task<string> TicketAsync(Scene scene)
    {
        using var api = new HttpClient { BaseAddress = new Uri(scene.Node.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", scene.Key);
        using var response = await api.PostAsJsonAsync("/api/v1/hub/tickets", new { });
        return JsonDocument.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync()).RootElement.GetProperty("ticket").GetString()!;
    }

    /// <summary>A customer message through the app until a hub client hears it: the shape the relay then sends.</summary>
    private static async Task<JsonObject> FirstMessageAddedAsync(Scene scene, Listener client)
    {
        await scene.CustomerWritesAsync(Scene.Sender(0), "#b999999999. the relay's template");
        var deadline = Stopwatch.StartNew();
        while (client.Payload is null && deadline.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(20);
        return JsonNode.Parse(client.Payload ?? throw new TimeoutException("no messageAdded reached a hub client in 30 s"))!.AsObject();
    }

    [GeneratedRegex(@"#b(\d+)\.")]
    private static partial Regex TokenPattern();

    /// <summary>A hub connection that notes the wall-clock time each token's messageAdded reached it.</summary>
    private sealed class Listener
    {
        private readonly ConcurrentQueue<(long, double)> _heard = new();

        public IEnumerable<(long Token, double At)> Heard => _heard;

        public string? Payload { get; private set; }

        public static async Task<Listener> StartAsync(HubConnection connection, Func<HubConnection, Task>? subscribe)
        {
            var listener = new Listener();
            connection.On<JsonElement>("messageAdded", payload =>
            {
                var at = Now();
                var text = payload.GetProperty("message").GetProperty("text").GetString();
                if (text is not null && TokenPattern().Match(text) is { Success: true } m)
                    listener._heard.Enqueue((long.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture), at));
                listener.Payload ??= payload.GetRawText();
            });
            await connection.StartAsync();
            if (subscribe is not null) await subscribe(connection);
            return listener;
        }
    }

    /// <summary>
    /// The bare relay: a SignalR hub that does nothing but broadcast what it is given to every connection, and a page that
    /// speaks SignalR's JSON protocol over a WebSocket and shows each message as a list row, the newest on top.
    /// </summary>
    private sealed class Relay : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Relay(WebApplication app, string baseUrl) => (_app, BaseUrl) = (app, baseUrl);

        public string BaseUrl { get; }

        public static async Task<Relay> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            builder.Services.AddSignalR();
            var app = builder.Build();
            app.UseWebSockets();
            app.MapHub<RelayHub>("/relay");
            app.MapGet("/", () => Results.Content(Page, "text/html"));
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Relay(app, address.TrimEnd('/'));
        }

        public Task BroadcastAsync(JsonObject payload) => _app.Services.GetRequiredService<IHubContext<RelayHub>>().Clients.All.SendAsync("messageAdded", payload);

        public static JsonObject Event(JsonObject template, long token, string sender, string text)
        {
            var copy = template.DeepClone().AsObject();
            copy["conversationId"] = "cnv_relay_" + sender;
            copy["sequence"] = token;
            var message = copy["message"]!.AsObject();
            message["id"] = "msg_relay_" + token.ToString(CultureInfo.InvariantCulture);
            message["text"] = text;
            return copy;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private const string Page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Relay</title></head>
            <body><ul id="conversations"></ul>
            <script>
              const list = document.getElementById('conversations');
              const rows = new Map();
              const socket = new WebSocket(location.origin.replace('http', 'ws') + '/relay');
              const end = '\u001e';
              socket.onopen = () => socket.send(JSON.stringify({ protocol: 'json', version: 1 }) + end);
              socket.onmessage = e => {
                for (const frame of e.data.split(end)) {
                  if (!frame) continue;
                  const m = JSON.parse(frame);
                  if (m.type === undefined) { window.relayOpen = true; continue; }
                  if (m.type !== 1 || m.target !== 'messageAdded') continue;
                  const event = m.arguments[0];
                  let row = rows.get(event.conversationId);
                  if (!row) {
                    row = document.createElement('li');
                    row.innerHTML = '<span class="contact"></span> <span class="preview"></span>';
                    row.firstChild.textContent = event.conversationId;
                    rows.set(event.conversationId, row);
                  }
                  row.lastChild.textContent = event.message.text;
                  list.prepend(row);
                }
              };
              setInterval(() => socket.readyState === 1 && socket.send(JSON.stringify({ type: 6 }) + end), 10000);
            </script></body></html>
            """;
    }

}

/// <summary>The bare relay's hub: no methods; the benchmark broadcasts through its context.</summary>
internal sealed class RelayHub : Hub;
