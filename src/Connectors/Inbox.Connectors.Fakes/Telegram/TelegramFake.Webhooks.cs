using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Inbox.Connectors.Fakes.Telegram;

/// <summary>
/// setWebhook, deleteWebhook, getWebhookInfo and getUpdates as Telegram answers them, and the delivery of updates:
/// one POST per update to the webhook with the secret header, sequential update ids, a non-2xx kept pending and
/// shown in getWebhookInfo, dropped after 24 hours; or kept for getUpdates while no webhook is set.
/// </summary>
public sealed partial class TelegramFake
{
    /// <summary>The header Telegram sends the secret_token given to setWebhook in.</summary>
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    private static readonly int[] WebhookPorts = [443, 80, 88, 8443];

    /// <summary>What Telegram sends when setWebhook named no allowed_updates: everything but these, which must be asked for.</summary>
    private static readonly string[] OnlyOnRequest = ["chat_member", "message_reaction", "message_reaction_count"];

    private static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    private TelegramFakeAnswer SetWebhook(BotState bot, TelegramFakeCall call)
    {
        if (call.Text("url") is not { } url) return DeleteWebhook(bot, call);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            return TelegramFakeAnswer.BadRequest("bad webhook: An HTTPS URL must be provided for webhook");
        if (!WebhookPorts.Contains(uri.Port)) return TelegramFakeAnswer.BadRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
        if (uri.Host.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase))
            return TelegramFakeAnswer.BadRequest("bad webhook: Failed to resolve host: Name or service not known");
        var secret = call.Text("secret_token");
        if (secret is not null && !SecretPattern().IsMatch(secret)) return TelegramFakeAnswer.BadRequest("secret token contains unallowed characters");
        var connections = call.Integer("max_connections") ?? 40;
        if (connections is < 1 or > 100) return TelegramFakeAnswer.BadRequest("bad webhook: max_connections must be between 1 and 100");
        var allowed = call.Array("allowed_updates")?.Select(u => u?.ToString() ?? "").ToArray();
        if (call.Flag("drop_pending_updates")) bot.Pending.Clear();
        var hook = new Webhook(url, secret, allowed is { Length: > 0 } ? allowed : null, (int)connections);
        var same = bot.Hook == hook;
        bot.Hook = hook;
        return TelegramFakeAnswer.Ok(true, same ? "Webhook is already set" : "Webhook was set");
    }

    private static TelegramFakeAnswer DeleteWebhook(BotState bot, TelegramFakeCall call)
    {
        if (call.Flag("drop_pending_updates")) bot.Pending.Clear();
        var had = bot.Hook is not null;
        bot.Hook = null;
        return TelegramFakeAnswer.Ok(true, had ? "Webhook was deleted" : "Webhook is already deleted");
    }

    private TelegramFakeAnswer WebhookInfo(BotState bot)
    {
        DropExpired(bot);
        var info = new JsonObject { ["url"] = bot.Hook?.Url ?? "", ["has_custom_certificate"] = false, ["pending_update_count"] = bot.Pending.Count };
        if (bot.Hook is { } hook)
        {
            if (bot.LastErrorAt is { } at)
            {
                info["last_error_date"] = at.ToUnixTimeSeconds();
                info["last_error_message"] = bot.LastError;
            }
            info["max_connections"] = hook.MaxConnections;
            info["ip_address"] = "127.0.0.1";
            if (hook.AllowedUpdates is { } allowed) info["allowed_updates"] = new JsonArray([.. allowed.Select(a => (JsonNode)a)]);
        }
        return TelegramFakeAnswer.Ok(info);
    }

    private TelegramFakeAnswer GetUpdates(BotState bot, TelegramFakeCall call)
    {
        if (bot.Hook is not null)
            return TelegramFakeAnswer.Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        DropExpired(bot);
        if (call.Integer("offset") is { } offset) bot.Pending.RemoveAll(p => p.UpdateId < offset);
        var limit = (int)Math.Clamp(call.Integer("limit") ?? 100, 1, 100);
        return TelegramFakeAnswer.Ok(new JsonArray([.. bot.Pending.Take(limit).Select(p => JsonNode.Parse(p.Body))]));
    }

    /// <summary>
    /// Every pending update of the bot posted again, oldest first, as Telegram retries a webhook that failed (here on
    /// demand rather than on its own schedule); those older than 24 hours are dropped first. Returns the app's answers.
    /// </summary>
    public async Task<IReadOnlyList<FakeDelivery>> RetryPendingAsync(string botId, CancellationToken cancellationToken = default)
    {
        List<Pending> pending;
        lock (_gate)
        {
            var bot = Bot(botId);
            DropExpired(bot);
            pending = [.. bot.Pending];
        }
        var answers = new List<FakeDelivery>();
        foreach (var update in pending) answers.Add(await PostAsync(botId, update, cancellationToken));
        return answers;
    }

    /// <summary>An update already delivered, posted once more with the same bytes: Telegram's at-least-once delivery.</summary>
    public async Task<FakeDelivery> RedeliverAsync(string botId, long updateId, CancellationToken cancellationToken = default)
    {
        byte[] body;
        lock (_gate) body = Bot(botId).Delivered.TryGetValue(updateId, out var sent) ? sent : throw new ArgumentException($"Update {updateId} was not delivered.", nameof(updateId));
        return await PostAsync(botId, new Pending(updateId, "", body, _time.GetUtcNow()), cancellationToken);
    }

    /// <summary>From now on the bot's updates wait instead of being posted, until <see cref="ReleaseAsync"/>.</summary>
    public void HoldDeliveries(string botId)
    {
        lock (_gate) Bot(botId).Held ??= [];
    }

    /// <summary>Posts the held updates, newest first when asked: deliveries out of order, as parallel connections make them.</summary>
    public async Task<IReadOnlyList<FakeDelivery>> ReleaseAsync(string botId, bool newestFirst, CancellationToken cancellationToken = default)
    {
        List<Pending> held;
        lock (_gate)
        {
            var bot = Bot(botId);
            held = bot.Held ?? [];
            bot.Held = null;
        }
        if (newestFirst) held.Reverse();
        var answers = new List<FakeDelivery>();
        foreach (var update in held) answers.Add(await PostAsync(botId, update, cancellationToken));
        return answers;
    }

    /// <summary>
    /// A new update of <paramref name="kind"/> (its field name) for the bot: numbered, then posted to the webhook, held,
    /// or kept for getUpdates. An update of a kind the webhook did not allow is not made at all, as on Telegram.
    /// </summary>
    private async Task<(long UpdateId, FakeDelivery Delivery)> UpdateAsync(string botId, string kind, JsonObject content, CancellationToken cancellationToken)
    {
        Pending update;
        lock (_gate)
        {
            var bot = Bot(botId);
            var allowed = bot.Hook?.AllowedUpdates;
            if (allowed is not null ? !allowed.Contains(kind) : OnlyOnRequest.Contains(kind))
                return (0, new FakeDelivery(0, $"{kind} is not among the updates the bot receives"));
            var id = bot.NextUpdateId++;
            var body = AsciiJson.Bytes(new JsonObject { ["update_id"] = id, [kind] = content });
            update = new Pending(id, kind, body, _time.GetUtcNow());
            bot.Pending.Add(update);
            if (bot.Held is { } held)
            {
                held.Add(update);
                return (id, new FakeDelivery(0, "held: the fake delivers it on ReleaseAsync"));
            }
            if (bot.Hook is null) return (id, new FakeDelivery(0, "no webhook is set: the update waits for getUpdates"));
        }
        return (update.UpdateId, await PostAsync(botId, update, cancellationToken));
    }

    /// <summary>One POST of an update to the bot's webhook, as Telegram makes it, and what its answer does to the update.</summary>
    private async Task<FakeDelivery> PostAsync(string botId, Pending update, CancellationToken cancellationToken)
    {
        Webhook? hook;
        lock (_gate) hook = Bot(botId).Hook;
        if (hook is null) return new FakeDelivery(0, "no webhook is set");
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Network(new Uri(hook.Url)))
        {
            Content = new ByteArrayContent(update.Body),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (hook.Secret is not null) request.Headers.TryAddWithoutValidation(SecretHeader, hook.Secret);
        FakeDelivery delivery;
        string? error;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            delivery = new FakeDelivery((int)response.StatusCode, response.IsSuccessStatusCode ? null : text);
            error = response.IsSuccessStatusCode ? null
                : $"Wrong response from the webhook: {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException failed)
        {
            delivery = new FakeDelivery(0, failed.Message);
            error = failed.HttpRequestError == HttpRequestError.ConnectionError ? "Connection refused" : failed.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            delivery = new FakeDelivery(0, "timed out");
            error = "Read timeout expired";
        }
        lock (_gate)
        {
            var bot = Bot(botId);
            if (error is null)
            {
                bot.Pending.RemoveAll(p => p.UpdateId == update.UpdateId);
                bot.Delivered[update.UpdateId] = update.Body;
            }
            else
            {
                bot.LastErrorAt = _time.GetUtcNow();
                bot.LastError = error;
            }
        }
        return delivery;
    }

    private void DropExpired(BotState bot)
    {
        var now = _time.GetUtcNow();
        bot.Pending.RemoveAll(p => now - p.At > KeptFor);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretPattern();
}
