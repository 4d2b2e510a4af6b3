using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Inbox.Benchmarks;

/// <summary>
/// Two Inbox.Web nodes (the built app, each a process of its own) in cluster mode on one PostgreSQL schema,
/// at the shipped membership options. Each round starts a fresh victim, lets it start conversations of its
/// own, kills it (SIGKILL) and times how long until every one of those conversations answers again through
/// the survivor: the longest is the wait for the death to be declared and the grains to reactivate.
/// </summary>
internal static class Failover
{
    internal const string OwnerKey = "bench-owner-key-0123456789";
    internal const string Number = "+14255550901";
    private const int ConversationsPerRound = 20;

    public static async Task RunAsync(string postgres, int kills, TimeSpan saturation, Report report)
    {
        var settings = await SettingsAsync(postgres);
        using var survivor = await Node.StartAsync(settings);
        using (var owner = Client(survivor))
        {
            var brand = await PostOkAsync(owner, "/api/v1/brands", new { name = "Bench" });
            await PostOkAsync(owner, $"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = Number, purpose = "Support", providerAccount = "sandbox" });
        }
        var times = new List<double>();
        var waited = new List<int>();
        for (var round = 0; round < kills; round++)
        {
            using var victim = await Node.StartAsync(settings);
            await Until(async () => await ActiveMembersAsync(settings["ConnectionStrings:Inbox"]!) == 2, "both nodes active", 120_000);
            if (round == 0) await SaturateAsync(survivor, victim, settings["ConnectionStrings:Inbox"]!, saturation, report);
            var senders = Enumerable.Range(0, ConversationsPerRound).Select(i => $"+1425556{round:D2}{i:D2}").ToArray();
            using (var onVictim = Client(victim))
                foreach (var sender in senders) await PostOkAsync(onVictim, "/webhooks/events", new[] { Inbound(sender, $"first {round}") });

            victim.Kill();
            var killed = Stopwatch.GetTimestamp();
            using var client = Client(survivor);
            var answered = await Task.WhenAll(senders.Select(sender => FirstAnswerAsync(client, sender, round, killed)));
            times.Add(answered.Max(a => a.Ms));
            waited.Add(answered.Count(a => a.Failed));
            Console.WriteLine($"kill {round + 1}: {answered.Max(a => a.Ms):N0} ms, {answered.Count(a => a.Failed)} of {senders.Length} conversations waited");
        }
        times.Sort();
        var median = times[times.Count / 2];
        report.Row($"kill -9 → every conversation the victim started answers through the survivor ({kills} kills)",
            $"{times[0] / 1000:N1} / {median / 1000:N1} / {times[^1] / 1000:N1} s", "measured, not a target",
            $"min / median / max; {Options()}; conversations that had to wait per kill: {string.Join(", ", waited)} of {ConversationsPerRound}");
    }

    /// <summary>
    /// Both nodes at full inbound load (the two cores saturated, the load client among them) for
    /// <paramref name="duration"/>: Orleans' timers then fire late, and this is where too eager probes declare a
    /// healthy node dead. Counts the members that are not active afterwards.
    /// </summary>
    private static async Task SaturateAsync(Node a, Node b, string database, TimeSpan duration, Report report)
    {
        const int posters = 128;
        using var onA = Client(a);
        using var onB = Client(b);
        var cpuBefore = MachineCpu();
        var clock = Stopwatch.StartNew();
        long accepted = 0, refused = 0;
        await Task.WhenAll(Enumerable.Range(0, posters).Select(async w =>
        {
            var client = w % 2 == 0 ? onA : onB;
            var sender = $"+1425557{w:D4}";
            while (clock.Elapsed < duration)
            {
                try
                {
                    using var response = await client.PostAsJsonAsync("/webhooks/events", new[] { Inbound(sender, "load") });
                    Interlocked.Increment(ref response.IsSuccessStatusCode ? ref accepted : ref refused);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuAfter = MachineCpu();
        var busy = (double)(cpuAfter.Busy - cpuBefore.Busy) / Math.Max(1, cpuAfter.Total - cpuBefore.Total);
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM cluster_members WHERE status <> 3", connection);
        var notActive = (long)(await command.ExecuteScalarAsync())!;
        report.Row($"both nodes saturated with inbound ({posters} posters, {seconds:N0} s), then the membership table",
            $"{notActive} of 2 nodes not active", "0: no false death",
            $"{Bench.Rate(accepted / seconds)} messages/s acknowledged across both nodes, {refused} not; the machine's CPU {busy:P0} busy meanwhile (all processes); at {Options()}");
    }

    /// <summary>The machine's CPU time so far from /proc/stat: busy (neither idle nor waiting for I/O) and total, in ticks.</summary>
    internal static (long Busy, long Total) MachineCpu()
    {
        if (!File.Exists("/proc/stat")) return (0, 0);
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var total = ticks.Sum();
        return (total - ticks[3] - ticks[4], total);
    }

    /// <summary>The membership options the nodes run with: the shipped ones, unless this process's environment (which the nodes inherit) sets others.</summary>
    internal static string Options()
    {
        var set = new[] { "ProbeTimeout", "NumMissedProbesLimit", "TableRefreshTimeout", "IAmAliveTablePublishTimeout" }
            .Where(o => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable($"Inbox__Cluster__{o}")))
            .Select(o => $"{o} {Environment.GetEnvironmentVariable($"Inbox__Cluster__{o}")}").ToList();
        return set.Count == 0 ? "the shipped options (ProbeTimeout 5 s, NumMissedProbesLimit 3)" : "options from the environment: " + string.Join(", ", set);
    }

    private static async Task<(double Ms, bool Failed)> FirstAnswerAsync(HttpClient client, string sender, int round, long killed)
    {
        var failed = false;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await client.PostAsJsonAsync("/webhooks/events", new[] { Inbound(sender, $"again {round} {attempt}") });
                if (response.IsSuccessStatusCode) return (Stopwatch.GetElapsedTime(killed).TotalMilliseconds, failed);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            failed = true;
            if (Stopwatch.GetElapsedTime(killed) > TimeSpan.FromMinutes(2)) throw new TimeoutException($"{sender} never answered after the kill");
            await Task.Delay(50);
        }
    }

    internal static object Inbound(string sender, string text) => new
    {
        kind = "Message", channel = "Sms", numberAddress = Number, senderAddress = sender, dedupeKey = Guid.NewGuid().ToString("N"),
        providerTimestamp = DateTimeOffset.UtcNow, text,
    };

    internal static async Task<Dictionary<string, string?>> SettingsAsync(string postgres)
    {
        var certificate = Path.Combine(Path.GetTempPath(), "inbox-bench", $"failover-{Guid.NewGuid():N}.pfx");
        Directory.CreateDirectory(Path.GetDirectoryName(certificate)!);
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Inbox failover bench", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(certificate, self.Export(X509ContentType.Pfx, "bench"));
        }
        return new Dictionary<string, string?>
        {
            ["Inbox:Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Inbox"] = Schemas.Fresh(postgres),
            ["Inbox:Actors:ServiceId"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
            ["Inbox:Cluster:Provider"] = "Postgres",
            ["Inbox:Cluster:AdvertisedAddress"] = "127.0.0.1",
            ["Inbox:OwnerApiKey"] = OwnerKey,
            ["Inbox:DataProtection:CertificatePath"] = certificate,
            ["Inbox:DataProtection:CertificatePassword"] = "bench",
            ["Logging:LogLevel:Default"] = "Warning",
        };
    }

    internal static async Task<long> ActiveMembersAsync(string database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM cluster_members WHERE status = 3", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    internal static async Task<string> PostOkAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        return System.Text.Json.JsonDocument.Parse(text).RootElement is { ValueKind: System.Text.Json.JsonValueKind.Object } o && o.TryGetProperty("id", out var id)
            ? id.GetString()! : "";
    }

    internal static HttpClient Client(Node node)
    {
        var client = new HttpClient { BaseAddress = new Uri(node.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", OwnerKey);
        return client;
    }

    internal static async Task Until(Func<Task<bool>> condition, string what, int timeoutMs)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline) throw new TimeoutException($"not true after {timeoutMs} ms: {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>Inbox.Web.dll run by dotnet with the settings as environment variables, on free loopback ports.</summary>
    internal sealed class Node : IDisposable
    {
        private readonly Process _process;

        private Node(Process process, string baseUrl) => (_process, BaseUrl) = (process, baseUrl);

        public string BaseUrl { get; }

        /// <summary>The node's process id, to read its CPU time from /proc.</summary>
        public int Pid => _process.Id;

        private readonly System.Threading.Channels.Channel<long> _heaps = System.Threading.Channels.Channel.CreateUnbounded<long>();
        private readonly System.Threading.Channels.Channel<RuntimeTimes> _runtime = System.Threading.Channels.Channel.CreateUnbounded<RuntimeTimes>();

        /// <param name="program">The assembly and arguments to run (Inbox.Web.dll by default).</param>
        /// <param name="probed">Loads Inbox.Benchmarks.Probe into the process: its heap on demand (<see cref="HeapAsync"/>) and its static web assets served as in Development.</param>
        public static async Task<Node> StartAsync(Dictionary<string, string?> settings, IReadOnlyList<string>? program = null, bool probed = false)
        {
            var baseUrl = $"http://127.0.0.1:{FreePort()}";
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = probed, WorkingDirectory = AppContext.BaseDirectory };
            foreach (var arg in program ?? ["Inbox.Web.dll"]) start.ArgumentList.Add(arg.EndsWith(".dll", StringComparison.Ordinal) ? Path.Combine(AppContext.BaseDirectory, arg) : arg);
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(baseUrl);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            if (probed)
            {
                start.Environment["DOTNET_STARTUP_HOOKS"] = Path.Combine(AppContext.BaseDirectory, "Inbox.Benchmarks.Probe.dll");
                start.Environment["ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"] = "Inbox.Benchmarks.Probe";
                start.Environment["INBOX_BENCH_PROBE"] = "1";
            }
            foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            start.Environment["Inbox__Silo__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var node = new Node(process, baseUrl);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line && line.StartsWith("bench-heap ", StringComparison.Ordinal))
                    node._heaps.Writer.TryWrite(long.Parse(line["bench-heap ".Length..], CultureInfo.InvariantCulture));
                else if (e.Data is { } runtime && runtime.StartsWith("bench-runtime ", StringComparison.Ordinal))
                    node._runtime.Writer.TryWrite(RuntimeTimes.Parse(runtime["bench-runtime ".Length..]));
            };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(5) };
                await Until(async () =>
                {
                    if (process.HasExited) throw new InvalidOperationException($"the node exited ({process.ExitCode})");
                    try { return (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK; }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
                }, "the node answers /health", 120_000);
                return node;
            }
            catch
            {
                node.Dispose();
                throw;
            }
        }

        /// <summary>The process's managed heap after full, compacting collections (a probed node only).</summary>
        public async Task<long> HeapAsync()
        {
            await _process.StandardInput.WriteLineAsync("heap");
            await _process.StandardInput.FlushAsync();
            return await _heaps.Reader.ReadAsync();
        }

        /// <summary>How long the process's JIT has compiled and its GC paused it for so far (a probed node only).</summary>
        public async Task<RuntimeTimes> RuntimeAsync()
        {
            await _process.StandardInput.WriteLineAsync("runtime");
            await _process.StandardInput.FlushAsync();
            return await _runtime.Reader.ReadAsync();
        }

        public void Kill()
        {
            if (_process.HasExited) return;
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
