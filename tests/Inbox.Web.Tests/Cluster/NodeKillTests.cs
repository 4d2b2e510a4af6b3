using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Inbox.Storage.Tests;
using Inbox.Web.Tests.Hub;
using Npgsql;
using Xunit.Abstractions;

namespace Inbox.Web.Tests.Cluster;

/// <summary>
/// Two Inbox.Web processes in cluster mode on one PostgreSQL database take inbound at a fixed rate; one is
/// killed (SIGKILL) with requests in flight; the load client redelivers every request that got no 2xx to the
/// survivor, as providers do. Nothing is lost and nothing is stored twice, and a hub client on the survivor goes on
/// hearing the conversations that lived on the victim.
/// </summary>
[RequiresPostgres, Collection(NodeProcessesCollection.Name)]
public sealed class NodeKillTests(ITestOutputHelper output)
{
    private const int Messages = 400;
    private const int PerSecond = 50;
    private const int SentBeforeKill = 160;
    private const int BurstAtKill = 40;             // one request carrying this many, killed once it is on the wire: it takes the victim
                                                    // far longer to commit them one by one than the kill takes, so it is in flight
    private const int Patience = 90_000;            // waits on observable effects on a slow 2-core machine, never a sleep
    private static readonly string[] Senders = Enumerable.Range(0, 20).Select(i => $"+1425555{0300 + i:D4}").ToArray();
    private static readonly string[] Numbers = ["+14255550201", "+14255550202"];
    private static readonly string[] Watched = Enumerable.Range(0, 12).Select(i => $"+1425555{0500 + i:D4}").ToArray(); // customers the hub client may watch
    private const int WatchedOnVictim = 2;          // watched conversations started until this many live on the victim

    [StoreFact]
    public async Task EveryMessagePostedToTwoNodesIsStoredOnceWhenOneIsKilledWithRequestsInFlight()
    {
        var settings = ClusterSettings();
        var database = settings["ConnectionStrings:Inbox"]!;
        using var survivor = WebNode.Start("survivor", WithSiloPort(settings));
        await survivor.WaitUntilHealthyAsync(Patience); // first alone: it migrates the empty schema
        var victimSettings = WithSiloPort(settings);
        using var victim = WebNode.Start("victim", victimSettings);
        await victim.WaitUntilHealthyAsync(Patience);
        await Eventually.True(async () => await ActiveMembersAsync(database) == 2, "both nodes are active members", Patience);
        var brand = await SeedAsync(survivor);
        await using var hub = await HubClient.ConnectAsync(survivor.BaseUrl,
            ticket: (await OwnerClient(survivor).PostOkAsync("/api/v1/hub/tickets", new { })).Str("ticket"));
        await hub.SubscribeInboxAsync(new { brandId = brand });
        var watched = await WatchedConversationsAsync(survivor, victim, settings: victimSettings, hub);
        var (snoozed, wakeAt) = await SnoozeConversationsAsync(survivor, victim);

        var load = new RedeliveringLoad(survivor, victim, output);
        var clock = Stopwatch.StartNew();
        var sends = new List<Task>(Messages);
        long killedAt = 0;
        var killedAtWall = DateTimeOffset.MaxValue;
        for (var i = 0; i < Messages; i++)
        {
            if (i == SentBeforeKill)
            {
                // A batch to the victim, killed once its body is on the wire (a burst of 16 single requests was sometimes all
                // answered before the kill on a fast machine): the victim commits the batch's events one by one, so it is in flight.
                var burst = Enumerable.Range(i, BurstAtKill).ToArray();
                var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                sends.Add(load.DeliverAsync(burst, burst.SelectMany(Event).ToArray(), victim, sent));
                i += BurstAtKill;
                await sent.Task.WaitAsync(TimeSpan.FromMilliseconds(Patience));
                killedAt = Stopwatch.GetTimestamp();
                load.VictimDied(killedAt);
                victim.Kill();
                killedAtWall = DateTimeOffset.UtcNow;
                output.WriteLine($"killed the victim at {clock.ElapsedMilliseconds} ms");
            }
            var due = TimeSpan.FromSeconds((double)i / PerSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due);
            sends.Add(load.DeliverAsync([i], Event(i), i % 4 < 2 ? survivor : victim));
        }
        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromMilliseconds(Patience));
        output.WriteLine($"all {Messages} acknowledged {Stopwatch.GetElapsedTime(killedAt).TotalMilliseconds:N0} ms after the kill; {load.Redelivered} redelivered, " +
            $"{load.UnansweredByVictimBeforeKill} written to the victim before the kill got no answer");

        Assert.True(load.UnansweredByVictimBeforeKill > 0, "no request was in flight on the victim when it died");
        var stored = await StoredCountsAsync(database);
        var keys = Enumerable.Range(0, Messages).Select(DedupeKey).ToList();
        Assert.Equal([], keys.Where(k => !stored.ContainsKey(k)).ToList());
        Assert.Equal([], stored.Where(s => s.Value != 1).Select(s => $"{s.Key} ×{s.Value}").ToList());
        Assert.Equal(Messages, stored.Count);
        var ackedBeforeKill = load.AcknowledgedBefore(killedAt);
        Assert.NotEmpty(ackedBeforeKill);
        Assert.All(ackedBeforeKill, i => Assert.True(stored.ContainsKey(DedupeKey(i)), $"message {i} was acknowledged before the kill but is not stored"));

        // The snoozes fell due after the kill, so only the survivor's job runner can have reopened them; those started
        // through the victim most likely lived there (Orleans prefers the calling silo for a new activation).
        Assert.True(killedAtWall < wakeAt, $"the kill ({killedAtWall:O}) came after the snoozes were due ({wakeAt:O})");
        using var owner = OwnerClient(survivor);
        await Eventually.True(async () => (await StatusesAsync(owner, snoozed)).All(status => status == "Open"),
            "every conversation snoozed until after the kill is open again", Patience);

        // The hub client on the survivor, subscribed before the kill, goes on hearing the conversations that lived on the victim.
        var before = watched.ToDictionary(w => w, w => hub.Of(w).Max(h => h.Payload.GetProperty("sequence").GetInt64()));
        for (var k = 0; k < watched.Count; k++)
            await owner.PostOkAsync("/webhooks/events", new[] { Seed.Inbound(Numbers[0], Watched[k], "after the kill", $"watch-{_run}-after-{k}") });
        await Eventually.True(() => watched.All(w => hub.Texts(w).Contains("after the kill")), "the hub client hears every watched conversation after the kill", Patience);
        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, hub.Connection.State);
        Assert.All(watched, w => Assert.True(
            hub.Of(w).Where(h => h.Method == "messageAdded" && h.Payload.GetProperty("message").GetProperty("text").GetString() == "after the kill")
                .Single().Payload.GetProperty("sequence").GetInt64() > before[w], $"conversation {w}: the event after the kill goes on from the sequence before it"));
    }

    /// <summary>
    /// Conversations started through the victim before any other, one at a time, until <see cref="WatchedOnVictim"/> of them
    /// live there: Orleans does not always place a new activation on the calling node, and the cluster's conversation
    /// activations per silo (the dashboard's counters) say how many do. The hub client on the survivor hears their first
    /// messages, those on the victim through the brand's relay.
    /// </summary>
    private async Task<IReadOnlyList<string>> WatchedConversationsAsync(WebNode survivor, WebNode victim, Dictionary<string, string?> settings, HubClient hub)
    {
        using var toVictim = OwnerClient(victim);
        using var toSurvivor = OwnerClient(survivor);
        var victimSilo = $"127.0.0.1:{settings["Inbox:Silo:SiloPort"]}@";
        var (started, onVictim) = (0, 0);
        while (onVictim < WatchedOnVictim && started < Watched.Length)
        {
            await toVictim.PostOkAsync("/webhooks/events", new[] { Seed.Inbound(Numbers[0], Watched[started], "before the kill", $"watch-{_run}-before-{started}") });
            started++;
            await Eventually.True(async () =>
            {
                var counters = await toSurvivor.GetOkAsync("/dashboard/DashboardCounters");
                var conversations = counters["simpleGrainStats"]!.AsArray().Where(g => g.Str("grainType") == "Inbox.Silo.Conversations.ConversationGrain").ToList();
                onVictim = conversations.Where(g => g.Str("siloAddress").StartsWith(victimSilo, StringComparison.Ordinal)).Sum(g => g!["activationCount"]!.GetValue<int>());
                return conversations.Sum(g => g!["activationCount"]!.GetValue<int>()) == started;
            }, $"the dashboard counts {started} conversations", Patience);
        }
        output.WriteLine($"{onVictim} of the {started} watched conversations live on the victim");
        Assert.True(onVictim >= WatchedOnVictim, $"only {onVictim} of {started} conversations started through the victim live there");
        var page = await toSurvivor.GetOkAsync("/api/v1/conversations?limit=100");
        var ids = Watched.Take(started).Select(w => page["items"]!.AsArray().Single(c => c.Str("contactAddress") == w).Str("id")).ToList();
        await Eventually.True(() => ids.All(id => hub.Texts(id).Contains("before the kill")), "the hub client on the survivor hears the victim's conversations", Patience);
        return ids;
    }

    /// <summary>
    /// Conversations of senders who write nothing more (a customer's message would reopen them), each started on
    /// one node in turn so that some live on the victim, snoozed until well after the kill will have happened.
    /// </summary>
    private async Task<(IReadOnlyList<string> Ids, DateTimeOffset WakeAt)> SnoozeConversationsAsync(WebNode survivor, WebNode victim)
    {
        var wakeAt = DateTimeOffset.UtcNow.AddSeconds(30);
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var client = OwnerClient(i % 2 == 0 ? victim : survivor);
            var sender = $"+1425555{0400 + i:D4}";
            await client.PostOkAsync("/webhooks/events", new[] { Seed.Inbound(Numbers[0], sender, "please call me back tomorrow", $"snooze-{_run}-{i}") });
            var page = await client.GetOkAsync("/api/v1/conversations?limit=100");
            var id = page["items"]!.AsArray().Single(c => c.Str("contactAddress") == sender).Str("id");
            var patched = await client.PatchAsync($"/api/v1/conversations/{id}", Seed.JsonBody(
                System.Text.Json.JsonSerializer.Serialize(new { status = "Snoozed", snoozedUntil = wakeAt }, Json.Options)));
            Assert.True(patched.IsSuccessStatusCode, $"snooze: {(int)patched.StatusCode} {await patched.Content.ReadAsStringAsync()}");
            ids.Add(id);
        }
        using var owner = OwnerClient(survivor);
        Assert.All(await StatusesAsync(owner, ids), status => Assert.Equal("Snoozed", status));
        return (ids, wakeAt);
    }

    private static async Task<IReadOnlyList<string>> StatusesAsync(HttpClient owner, IReadOnlyList<string> ids) =>
        await Task.WhenAll(ids.Select(async id => (await owner.GetOkAsync($"/api/v1/conversations/{id}")).Str("status")));

    private static HttpClient OwnerClient(WebNode node)
    {
        var client = new HttpClient { BaseAddress = new Uri(node.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", InboxApp.OwnerKey);
        return client;
    }

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private string DedupeKey(int i) => $"kill-{_run}-{i:D4}";

    private object[] Event(int i) => [Seed.Inbound(Numbers[i % 2], Senders[i % Senders.Length], $"message {i}", DedupeKey(i))];

    private static Dictionary<string, string?> ClusterSettings()
    {
        var settings = InboxApp.StoreSettings(Stores.Postgres);
        settings["Inbox:OwnerApiKey"] = InboxApp.OwnerKey;
        settings["Inbox:DataProtection:CertificatePath"] = TestCertificate.PfxPath;
        settings["Inbox:DataProtection:CertificatePassword"] = TestCertificate.Password;
        settings["Inbox:Cluster:Provider"] = "Postgres";
        settings["Inbox:Cluster:AdvertisedAddress"] = "127.0.0.1";
        // The shipped membership options, not a test's: the survivor must take over at the timing operators get.
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information";
        return settings;
    }

    private static Dictionary<string, string?> WithSiloPort(Dictionary<string, string?> settings) =>
        new(settings) { ["Inbox:Silo:SiloPort"] = WebNode.FreePort().ToString(CultureInfo.InvariantCulture) };

    private static async Task<string> SeedAsync(WebNode node)
    {
        using var owner = OwnerClient(node);
        var brand = (await owner.PostOkAsync("/api/v1/brands", new { name = "Contoso" })).Str("id");
        var team = (await owner.PostOkAsync($"/api/v1/brands/{brand}/teams", new { name = "Support" })).Str("id");
        foreach (var number in Numbers)
            await owner.PostOkAsync($"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = number, purpose = "Support", providerAccount = "sandbox", defaultTeamId = team });
        return brand;
    }

    private static async Task<long> ActiveMembersAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM cluster_members WHERE status = 3", connection); // 3: SiloStatus.Active
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<Dictionary<string, long>> StoredCountsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT dedupe_key, count(*) FROM messages WHERE dedupe_key LIKE @prefix GROUP BY dedupe_key", connection);
        command.Parameters.AddWithValue("prefix", $"kill-{_run}-%");
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>
    /// Posts each message to its node and, until it gets a 2xx, redelivers it to the survivor, as a provider
    /// redelivers to the address that answers. Records when each was acknowledged.
    /// </summary>
    private sealed class RedeliveringLoad(WebNode survivor, WebNode victim, ITestOutputHelper output)
    {
        private readonly WebNode _victimNode = victim;
        private readonly HttpClient _survivor = OwnerClient(survivor);
        private readonly HttpClient _victim = OwnerClient(victim);
        private readonly ConcurrentDictionary<int, long> _acknowledged = new();
        private long _victimKilledAt = long.MaxValue;
        private int _redelivered;
        private int _unansweredBeforeKill;

        public int Redelivered => _redelivered;

        public int UnansweredByVictimBeforeKill => _unansweredBeforeKill;

        public void VictimDied(long timestamp) => Interlocked.Exchange(ref _victimKilledAt, timestamp);

        public IReadOnlyList<int> AcknowledgedBefore(long timestamp) => _acknowledged.Where(a => a.Value < timestamp).Select(a => a.Key).ToList();

        /// <summary>Delivers until a 2xx; <paramref name="written"/>, if given, is set once the first attempt's body is on the wire.</summary>
        public async Task DeliverAsync(int[] messages, object[] batch, WebNode first, TaskCompletionSource? written = null)
        {
            await Task.Yield();
            var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(batch, Json.Options);
            var toVictim = first == _victimNode;
            var i = messages[0];
            var deadline = Environment.TickCount64 + Patience;
            WrittenContent? firstWrite = null;
            for (var attempt = 0; ; attempt++)
            {
                var client = toVictim ? _victim : _survivor;
                string failure;
                try
                {
                    using var content = new WrittenContent(body, attempt == 0 ? written : null);
                    firstWrite = attempt == 0 ? content : firstWrite;
                    using var response = await client.PostAsync("/webhooks/events", content);
                    if (response.IsSuccessStatusCode)
                    {
                        var at = Stopwatch.GetTimestamp();
                        foreach (var message in messages) _acknowledged[message] = at;
                        written?.TrySetResult();
                        return;
                    }
                    failure = $"{(int)response.StatusCode}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failure = e.GetType().Name;
                }
                written?.TrySetResult(); // refused before its body went out: nothing to wait for
                // In flight: the victim had the whole request before it died and never answered it.
                if (attempt == 0 && toVictim && firstWrite?.WrittenAt < Interlocked.Read(ref _victimKilledAt)) Interlocked.Increment(ref _unansweredBeforeKill);
                if (attempt == 0) Interlocked.Increment(ref _redelivered);
                if (Environment.TickCount64 > deadline) throw new TimeoutException($"message {i} never acknowledged; last: {failure}");
                if (attempt > 0 && attempt % 20 == 0) output.WriteLine($"message {i} attempt {attempt} to the {(toVictim ? "victim" : "survivor")}: {failure}");
                toVictim = false; // redelivered to the node that still answers
                await Task.Delay(Math.Min(200 * (attempt + 1), 1_000));
            }
        }
    }

    /// <summary>A JSON body that says when it has been written to the connection.</summary>
    private sealed class WrittenContent : HttpContent
    {
        private readonly byte[] _body;
        private readonly TaskCompletionSource? _written;

        /// <summary>When the body was all on the wire (a Stopwatch timestamp); null until then.</summary>
        public long? WrittenAt { get; private set; }

        public WrittenContent(byte[] body, TaskCompletionSource? written)
        {
            (_body, _written) = (body, written);
            Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(_body);
            await stream.FlushAsync();
            WrittenAt = Stopwatch.GetTimestamp();
            _written?.TrySetResult();
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }
}
