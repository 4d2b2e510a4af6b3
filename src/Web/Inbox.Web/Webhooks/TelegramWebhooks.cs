using Inbox.Connectors;
using Inbox.Connectors.Telegram;
using Inbox.Silo.Accounts;
using Inbox.Silo.Inbound;
using Inbox.Web.Api;

namespace Inbox.Web.Webhooks;

/// <summary>
/// /webhooks/telegram/{botId}, the URL given to a bot with setWebhook. The botId is the bot's numeric id, the part of its
/// token before the colon, which is also the address its number is registered under and what each update's events name:
/// so the path alone says whose secret to compare, and an update lands on the bot's number (or in unrouted when no
/// number has that address). The X-Telegram-Bot-Api-Secret-Token header must equal the webhookSecretToken of the
/// Telegram bot account whose botToken has that id, compared in constant time, before the body is read.
/// </summary>
public static partial class TelegramWebhooks
{
    /// <summary>The header Telegram sends the secret_token given to setWebhook in.</summary>
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static RouteGroupBuilder MapTelegramWebhooks(this RouteGroupBuilder webhooks)
    {
        webhooks.MapPost("/telegram/{botId}", async (string botId, HttpRequest request, WebhookAccounts accounts, InboundProcessor inbound,
            TelegramCallbackAnswers callbacks, TimeProvider time, ILoggerFactory logs, CancellationToken cancellationToken) =>
        {
            // A wrong secret, a missing one and a bot no account holds get the same answer, so probing it says
            // nothing about which bots exist; Telegram retries any non-2xx until it gives up after a day.
            if (await BotAsync(accounts, botId, request.Headers[SecretHeader]) is not { } bot)
                return ApiProblems.Problem(StatusCodes.Status403Forbidden, "bad_secret_token",
                    $"{SecretHeader} is missing or is not the webhook secret of the Telegram bot {botId} Inbox knows.");
            var body = await RawBody.ReadAsync(request, cancellationToken);
            var parsed = TelegramUpdates.Parse(body.Span, botId, time.GetUtcNow());
            if (parsed is not WebhookParse.Parsed { } payload)
                return ApiProblems.Invalid("malformed_payload", parsed is WebhookParse.Malformed m ? m.Reason : "The body is not a Telegram update.", ApiProblems.Body);
            var log = logs.CreateLogger("Inbox.Web.Webhooks.TelegramWebhooks");
            foreach (var item in payload.Ignored) LogIgnored(log, botId, item);
            var results = await inbound.ProcessAsync(payload.Events, cancellationToken);
            // Committed: the pressed button may stop spinning.
            callbacks.AnswerCommitted(botId, bot, payload.Events);
            return Results.Ok(new WebhookAnswer(results, payload.Ignored));
        }).AllowAnonymous().Produces<WebhookAnswer>().WithTags("Webhooks")
            .WithSummary("Telegram bot webhook: one Update, with X-Telegram-Bot-Api-Secret-Token set to the bot's webhookSecretToken.");
        return webhooks;
    }

    /// <summary>The bot account with this numeric id whose webhook secret is <paramref name="given"/>, or null.</summary>
    public static Task<WebhookAccount?> BotAsync(WebhookAccounts accounts, string botId, string? given)
    {
        if (string.IsNullOrEmpty(given) || botId.Length is 0 or > 20 || !botId.All(char.IsAsciiDigit)) return Task.FromResult<WebhookAccount?>(null);
        return accounts.FindAsync(ProviderAccountKind.TelegramBot, a => BotIdOf(a) == botId && a.Holds("webhookSecretToken", given));
    }

    /// <summary>The numeric id a bot token begins with ("7000000001:AA…"), or null for a token without one.</summary>
    public static string? BotIdOf(WebhookAccount account) =>
        account.Credentials.TryGetValue("botToken", out var token) && token.IndexOf(':') is > 0 and var colon ? token[..colon] : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram webhook of bot {BotId}: acknowledged and ignored {Item}")]
    private static partial void LogIgnored(ILogger logger, string botId, string item);
}
