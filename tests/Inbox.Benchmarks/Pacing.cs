using Inbox.Connectors.Fakes.Sms;
using static Inbox.Benchmarks.Failover;

namespace Inbox.Benchmarks;

/// <summary>
/// The outbox's pacing as the provider counts it: two SMS numbers of an Inbox.Web process send through one fake ACS
/// resource (on loopback, wall clock), each with a queue that never runs dry, at ACS's toll-free limit of 200 a minute.
/// The fake keeps a sliding counter of its own per number; partway through it throttles one number (429) for a spell,
/// and the other must keep its rate meanwhile.
/// </summary>
internal static class Pacing
{
    private const string Key = "ZmFrZS1hY3MtYWNjZXNzLWtleS1mb3ItYmVuY2htYXJrcyEh";
    private const string Steady = "+14255550301";
    private const string Throttled = "+14255550302";
    private const int Limit = 200;
    private const int Queued = 420;
    private const int Customers = 20;
    private static readonly TimeSpan Unit = TimeSpan.FromMinutes(1);

    public static async Task RunAsync(TimeSpan measured, TimeSpan throttleAt, TimeSpan throttleFor, Report report)
    {
        await using var acs = await AcsSmsFakeServer.StartAsync(new AcsSmsFakeOptions { AccessKeys = [Key] });
        var settings = await Webhooks.SettingsAsync();
        using var node = await Node.StartAsync(settings);
        using var owner = Client(node);
        var brand = await PostOkAsync(owner, "/api/v1/brands", new { name = "Bench" });
        var account = await PostOkAsync(owner, "/api/v1/provider-accounts", new { kind = "AcsResource", name = "Fake ACS", brandId = brand });
        using (var set = await owner.PutAsync($"/api/v1/provider-accounts/{account}/credentials",
            System.Net.Http.Json.JsonContent.Create(new { endpoint = acs.Endpoint.ToString(), accessKey = Key })))
            set.EnsureSuccessStatusCode();
        foreach (var number in new[] { Steady, Throttled })
            await PostOkAsync(owner, $"/api/v1/brands/{brand}/numbers", new { channel = "Sms", address = number, purpose = "Support", providerAccount = account });

        // Each number's customers write in, then the replies are queued: more than the run can send, so neither queue runs dry.
        foreach (var number in new[] { Steady, Throttled })
        {
            for (var c = 0; c < Customers; c++)
            {
                var customer = $"+1206555{(number == Steady ? 1 : 2)}{c:D3}";
                using var answer = await owner.PostAsync("/webhooks/events", System.Net.Http.Json.JsonContent.Create(new[] { new
                {
                    kind = "Message", channel = "Sms", numberAddress = number, senderAddress = customer, dedupeKey = Guid.NewGuid().ToString("N"),
                    providerTimestamp = DateTimeOffset.UtcNow, text = "Where is my order?",
                } }));
                answer.EnsureSuccessStatusCode();
            }
        }
        var list = System.Text.Json.JsonDocument.Parse(await owner.GetStringAsync($"/api/v1/conversations?brandId={brand}&limit=100")).RootElement.GetProperty("items");
        var byNumber = list.EnumerateArray().GroupBy(c => c.GetProperty("numberKey").GetString()!).ToDictionary(g => g.Key, g => g.Select(c => c.GetProperty("id").GetString()!).ToList());
        await Task.WhenAll(new[] { Steady, Throttled }.Select(async number =>
        {
            var ids = byNumber[$"sms:{number}"];
            for (var i = 0; i < Queued; i++)
                await PostOkAsync(owner, $"/api/v1/conversations/{ids[i % ids.Count]}/messages", new { text = $"Reply {i}: it ships today." });
        }));

        // The run is timed from each number's first accepted text, on the fake's clock.
        await Until(() => Task.FromResult(acs.Fake.SentAt(Steady).Count > 0 && acs.Fake.SentAt(Throttled).Count > 0), "both numbers send", 60_000);
        var start = acs.Fake.SentAt(Steady)[0];
        var offset = DateTimeOffset.UtcNow - start;
        if (throttleAt > offset) await Task.Delay(throttleAt - offset);
        acs.Fake.Throttle(Throttled, throttleFor);
        var spell = (From: DateTimeOffset.UtcNow, Until: DateTimeOffset.UtcNow + throttleFor);
        var left = measured - (DateTimeOffset.UtcNow - start);
        if (left > TimeSpan.Zero) await Task.Delay(left);
        var end = start + measured;

        double Achieved(string number, DateTimeOffset from, DateTimeOffset until) =>
            acs.Fake.SentAt(number).Count(t => t >= from && t < until) / (Limit * (until - from).TotalSeconds / Unit.TotalSeconds);
        var steadyMost = acs.Fake.MostInAnyWindow(Steady, Unit);
        var throttledMost = acs.Fake.MostInAnyWindow(Throttled, Unit);
        var steadyRatio = Achieved(Steady, start, end);
        var steadyDuringSpell = Achieved(Steady, spell.From, spell.Until);
        var sentInSpell = acs.Fake.SentAt(Throttled).Count(t => t >= spell.From && t < spell.Until);
        var throttledStart = acs.Fake.SentAt(Throttled)[0];
        var firstAfter = acs.Fake.SentAt(Throttled).FirstOrDefault(t => t >= spell.Until);

        report.Row($"{Steady}: most texts in any 60 s window (the fake's sliding counter)", $"{steadyMost}", $"≤ {Limit}: {(steadyMost <= Limit ? "met" : "NOT met")}",
            $"{acs.Fake.SentAt(Steady).Count(t => t < end)} accepted in the {measured.TotalSeconds:N0} s from its first; {acs.Fake.ThrottledAnswers(Steady)} answered 429");
        report.Row($"{Steady}: achieved ÷ permitted over {measured.TotalSeconds:N0} s", $"{steadyRatio:N3}", $"≥ 0.97: {(steadyRatio >= 0.97 ? "met" : "NOT met")}",
            $"permitted = {Limit} a minute × the run; a queue of {Queued} replies over {Customers} conversations that never ran dry; starting from idle, so a token bucket alone would have let 205 go in the first minute");
        report.Row($"{Steady}: achieved ÷ permitted while the other number was throttled", $"{steadyDuringSpell:N3}", "keeps its rate",
            $"the {throttleFor.TotalSeconds:N0} s spell from {(spell.From - start).TotalSeconds:N0} s");
        report.Row($"{Throttled}: throttled by the fake for {throttleFor.TotalSeconds:N0} s (429 with Retry-After)",
            $"{sentInSpell} sent during the spell; {acs.Fake.ThrottledAnswers(Throttled)} answered 429",
            $"pauses alone: {(sentInSpell == 0 && steadyDuringSpell >= 0.97 ? "met" : "NOT met")}",
            $"resumed {(firstAfter == default ? "not within the run" : $"{(firstAfter - spell.Until).TotalSeconds:N1} s after the spell")}; most in any 60 s window {throttledMost} (≤ {Limit}: {(throttledMost <= Limit ? "met" : "NOT met")})");
        report.Line($"Both numbers have Inbox's default SMS pacing (200 a minute, burst 5) in ACS's unit of a minute. The fake stamps each text with its own clock (the wall clock) as it accepts it; " +
            "the counter is over those stamps, not over anything Inbox reports. The run starts from idle, where a token bucket alone overshoots a sliding window.");
    }
}
