using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Inbox.Connectors.Meta;
using Inbox.Connectors.WhatsApp;
using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Brands;
using Inbox.Silo.Channels;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;
using Microsoft.Extensions.DependencyInjection;
using static Inbox.Benchmarks.Failover;

namespace Inbox.Benchmarks;

/// <summary>
/// Signed WhatsApp webhooks over HTTP, one message per request as Meta sends them, against an Inbox.Web process on
/// SQLite (signature, parse, route, grains, durable commit), and the same messages given to InboundProcessor in
/// this process's own silo, in turn in one run. The load generator is this process; the app is a child process,
/// so the CPU each spends is read apart from the other's.
/// </summary>
internal static class Webhooks
{
    private const int Senders = 1_000;
    private const int Callers = 256;
    private const string Secret = "bench-meta-app-secret-6d0f2b91";
    internal const string PhoneNumberId = "106540352242922";

    public static async Task RunAsync(double seconds, int rounds, Report report)
    {
        var settings = await SettingsAsync();
        using var node = await Node.StartAsync(settings);
        using (var owner = Client(node))
        {
            var brand = await PostOkAsync(owner, "/api/v1/brands", new { name = "Bench" });
            await PostOkAsync(owner, $"/api/v1/brands/{brand}/numbers", new { channel = "WhatsApp", address = PhoneNumberId, displayNumber = "+15550783881", purpose = "Support", providerAccount = "sandbox" });
        }
        await using var silo = await InProcessAsync();
        var processor = silo.Services.GetRequiredService<InboundProcessor>();
        var senders = Enumerable.Range(0, Senders).Select(i => $"1425559{i:0000}").ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = int.MaxValue })
        {
            BaseAddress = new Uri(node.BaseUrl), Timeout = TimeSpan.FromSeconds(60),
        };
        var overHttp = new Side("http", async body => await PostAsync(http, body));
        var inProcess = new Side("proc", async body =>
        {
            // What the endpoint's parse would hand over; parsed here so this side measures the processor alone.
            var payload = WhatsAppWebhook.Parse(body);
            await processor.ProcessAsync(payload.Events);
        });

        // The first message of every conversation, then a warm-up on each side, unmeasured.
        foreach (var path in new[] { overHttp, inProcess })
        {
            await Task.WhenAll(senders.Select(s => path.Send(Payload(s, path.Next()))));
            await ClosedLoopAsync(path, senders, TimeSpan.FromSeconds(seconds * 2), node.Pid);
        }

        var results = new List<(Run Http, Run Proc)>();
        for (var round = 0; round < rounds; round++)
            results.Add((await ClosedLoopAsync(overHttp, senders, TimeSpan.FromSeconds(seconds), node.Pid), await ClosedLoopAsync(inProcess, senders, TimeSpan.FromSeconds(seconds), node.Pid)));
        var ratios = results.Select(r => r.Http.Rate / r.Proc.Rate).ToArray();
        var (httpRun, procRun) = results.OrderBy(r => r.Http.Rate / r.Proc.Rate).ElementAt(results.Count / 2);
        var ratio = httpRun.Rate / procRun.Rate;

        report.Row($"in process: InboundProcessor, {Callers} concurrent callers, {Senders:N0} conversations", $"{Bench.Rate(procRun.Rate)} messages/s", "",
            $"{procRun.Count:N0} in {procRun.Seconds:N1} s, each committed before its call returned; CPU per message {procRun.Here * 1e6 / procRun.Count:N0} µs (this process, the silo's)");
        report.Row($"over HTTP: signed WhatsApp webhooks to an Inbox.Web process, one message per request, {Callers} concurrent requests",
            $"{Bench.Rate(httpRun.Rate)} messages/s", $"≥ 0.6 of in process: {(ratio >= 0.6 ? "met" : "NOT met")} ({ratio:N2})",
            $"{httpRun.Count:N0} answered 200 in {httpRun.Seconds:N1} s; CPU per message: the app {httpRun.App * 1e6 / httpRun.Count:N0} µs, " +
            $"the load generator {httpRun.Here * 1e6 / httpRun.Count:N0} µs ({httpRun.Here / httpRun.Seconds:N2} of 2 cores); the machine {httpRun.Busy:P0} busy" +
            (rounds > 1 ? $"; median of {rounds} rounds, whose ratios were {string.Join(", ", ratios.Select(r => r.ToString("N2", CultureInfo.InvariantCulture)))}" : ""));

        var (p50, p99, achieved, late) = await OpenLoopAsync(overHttp, senders, httpRun.Rate / 2, TimeSpan.FromSeconds(Math.Max(seconds, 10)));
        report.Row("over HTTP: request → 200 at half that rate (open loop, paced)", $"p50 {p50:N1} ms, p99 {p99:N1} ms",
            $"p99 ≤ 50 ms: {(p99 <= 50 ? "met" : "NOT met")}; Meta: median < 250 ms: {(p50 < 250 ? "met" : "NOT met")}",
            $"{Bench.Rate(achieved)} requests/s offered on a fixed schedule, each timed from its due time{(late > 0 ? $"; the generator sent {late:N0} more than 5 ms late" : "")}");
        report.Line("Both sides take the same payloads (Meta's shape: escaped `\\/`, `\\u00e9`, one message per entry) and commit to SQLite (WAL, synchronous=FULL) " +
            "with the same group commit. The HTTP side adds Kestrel, the raw-body read, the HMAC-SHA256 check against the configured app, the endpoint's parse " +
            "and the JSON answer, and the load generator shares the machine's two cores with the app.");
    }

    private sealed class Side(string prefix, Func<byte[], Task> send)
    {
        private long _next;

        public Func<byte[], Task> Send { get; } = send;

        public string Next() => $"wamid.{prefix}.{Interlocked.Increment(ref _next)}";
    }

    private sealed record Run(double Rate, long Count, double Seconds, double Here, double App, double Busy);

    private static async Task<Run> ClosedLoopAsync(Side path, string[] senders, TimeSpan duration, int appPid)
    {
        long total = 0;
        var cpu = ProcessCpu.Read();
        var app = ProcessCpu.Of(appPid);
        var machine = MachineCpu();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            long n = 0;
            while (clock.Elapsed < duration)
            {
                await path.Send(Payload(senders[(int)((c + n * Callers) % senders.Length)], path.Next()));
                n++;
            }
            Interlocked.Add(ref total, n);
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var after = MachineCpu();
        return new Run(total / elapsed, total, elapsed, (ProcessCpu.Read() - cpu).Total, ProcessCpu.Of(appPid) - app,
            (double)(after.Busy - machine.Busy) / Math.Max(1, after.Total - machine.Total));
    }

    /// <summary>Requests on a fixed schedule whatever the answers do; each is timed from when it was due, so a late generator shows as latency.</summary>
    private static async Task<(double P50, double P99, double Rate, long Late)> OpenLoopAsync(Side path, string[] senders, double rate, TimeSpan duration)
    {
        var latencies = new List<double>();
        var pending = new List<Task>();
        var clock = Stopwatch.StartNew();
        long sent = 0, late = 0;
        while (clock.Elapsed < duration)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                var dueAt = sent / rate;
                if (clock.Elapsed.TotalSeconds - dueAt > 0.005) late++;
                var body = Payload(senders[sent % senders.Length], path.Next());
                pending.Add(Task.Run(async () =>
                {
                    await path.Send(body);
                    var ms = (clock.Elapsed.TotalSeconds - dueAt) * 1000;
                    lock (latencies) latencies.Add(ms);
                }));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(pending);
        latencies.Sort();
        return (latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], sent / duration.TotalSeconds, late);
    }

    internal static async Task PostAsync(HttpClient http, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = content };
        request.Headers.TryAddWithoutValidation(MetaSignature.Header, MetaSignature.Sign(body, SecretBytes));
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"webhook refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static readonly byte[] SecretBytes = Encoding.UTF8.GetBytes(Secret);

    /// <summary>One text message in the bytes Meta sends: its escapes (<c>\/</c>, <c>\u00e9</c>), one entry, one change, one message.</summary>
    internal static byte[] Payload(string sender, string messageId, string text = "Caf\\u00e9 order #1234 \\u2014 shipped? See https:\\/\\/contoso.example\\/o\\/1234") => Encoding.UTF8.GetBytes(
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\"," +
        $"\"metadata\":{{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"{PhoneNumberId}\"}}," +
        $"\"contacts\":[{{\"profile\":{{\"name\":\"Ren\\u00e9e\"}},\"wa_id\":\"{sender}\"}}]," +
        $"\"messages\":[{{\"from\":\"{sender}\",\"id\":\"{messageId}\",\"timestamp\":\"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\"," +
        $"\"text\":{{\"body\":\"{text}\"}},\"type\":\"text\"}}]}}," +
        "\"field\":\"messages\"}]}]}");

    /// <summary>The silo the in-process side runs: the domain on SQLite, one brand and its WhatsApp number.</summary>
    private static async Task<BenchSilo> InProcessAsync()
    {
        var config = new Dictionary<string, string?>
        {
            ["Inbox:Actors:ServiceId"] = "bench-webhooks",
            ["Inbox:Storage:Provider"] = "Sqlite",
            ["ConnectionStrings:Inbox"] = $"Data Source={Bench.TempDb()}",
        };
        var silo = await BenchSilo.StartAsync(config, s => s.AddInboxStorage(storage => storage.AddMigrationsFrom(InboxSiloExtensions.Schema)).AddInboxDomain());
        var brand = Ids.New("brd");
        await silo.GrainFactory.GetGrain<IBrandGrain>(brand).Create(Caller.Owner(), "Bench");
        await silo.GrainFactory.GetGrain<INumberGrain>(new NumberKey(Channel.WhatsApp, PhoneNumberId).ToString())
            .Register(Caller.Owner(), new NumberRegistration(brand, Purpose.Support, "sandbox", DisplayNumber: "+15550783881"));
        return silo;
    }

    /// <summary>The app as it ships (Production) on a SQLite file of its own, with one Meta app configured; the pacing section runs on it too.</summary>
    internal static async Task<Dictionary<string, string?>> SettingsAsync()
    {
        var certificate = Path.Combine(Path.GetTempPath(), "inbox-bench", $"webhooks-{Guid.NewGuid():N}.pfx");
        Directory.CreateDirectory(Path.GetDirectoryName(certificate)!);
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Inbox webhooks bench", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(certificate, self.Export(X509ContentType.Pfx, "bench"));
        }
        return new Dictionary<string, string?>
        {
            ["Inbox:Storage:Provider"] = "Sqlite",
            ["ConnectionStrings:Inbox"] = $"Data Source={Bench.TempDb()}",
            ["Inbox:Actors:ServiceId"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
            ["Inbox:OwnerApiKey"] = OwnerKey,
            ["Inbox:DataProtection:CertificatePath"] = certificate,
            ["Inbox:DataProtection:CertificatePassword"] = "bench",
            ["Inbox:Providers:Meta:Apps:bench:AppSecret"] = Secret,
            ["Inbox:Providers:Meta:Apps:bench:VerifyToken"] = "bench-verify-token-1f4e",
            ["Logging:LogLevel:Default"] = "Warning",
        };
    }
}
