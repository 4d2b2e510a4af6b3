using System.Globalization;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.Telegram;

/// <summary>
/// What Telegram's answer to a send means for the message, as pure functions: its error envelope (error_code,
/// description, parameters) mapped to the sender contract with the code kept, and a failure without an answer
/// judged by whether the request can have reached Telegram. Telegram has no idempotency key, so a request that may
/// have arrived is never called transient: retrying it could send the customer the message twice.
/// </summary>
public static class TelegramSendOutcomes
{
    /// <summary>
    /// Telegram's refusal. A 429 does not say which limit it is; <paramref name="chatBusy"/> (this chat had a message
    /// from the bot within its own window) decides: then only this recipient waits, otherwise the whole bot does.
    /// </summary>
    public static SendResult Refused(int errorCode, string description, int? retryAfter, long? migrateToChatId, bool chatBusy)
    {
        var code = errorCode.ToString(CultureInfo.InvariantCulture);
        var said = Said(description);
        return errorCode switch
        {
            429 when chatBusy => new SendResult.RecipientRateLimited(TimeSpan.FromSeconds(Math.Max(1, retryAfter ?? 1)), code),
            429 => new SendResult.RateLimited(TimeSpan.FromSeconds(Math.Max(1, retryAfter ?? 1)), code),
            401 => new SendResult.AuthFailed($"Telegram does not know the bot token ({description})", code),
            // Telegram answers 404 to a path whose token is not shaped like one.
            404 => new SendResult.AuthFailed($"Telegram does not recognise the bot token ({description})", code),
            403 when Has(said, "bot was blocked by the user") => new SendResult.RecipientBlocked(description, code),
            403 when Has(said, "user is deactivated") => new SendResult.Undeliverable(code, $"The person deleted their Telegram account ({description})"),
            403 when Has(said, "can't initiate conversation") => new SendResult.Undeliverable(code, $"The person never started the bot, and a bot cannot write first ({description})"),
            403 => new SendResult.Undeliverable(code, description),
            400 when migrateToChatId is { } moved => new SendResult.Undeliverable(code,
                $"The group became a supergroup with chat id {moved.ToString(CultureInfo.InvariantCulture)} ({description})"),
            400 when Has(said, "chat not found") => new SendResult.Undeliverable(code, description),
            400 => new SendResult.Invalid(description, code),
            // An answer with Telegram's envelope says the method failed there: nothing was sent.
            >= 500 => new SendResult.Transient($"Telegram answered {code}: {description}"),
            _ => new SendResult.Invalid(description, code),
        };
    }

    /// <summary>
    /// No answer from Telegram. Only a request whose body never started to go out (no connection, no name) cannot
    /// have reached it and is worth retrying; any other failure (a timeout, a reset, a gateway's page instead of
    /// Telegram's envelope) may have come after Telegram sent the message.
    /// </summary>
    public static SendResult Unanswered(bool requestWritten, string what) => requestWritten
        ? new SendResult.MaybeSent($"the request reached Telegram but no answer came back ({what})")
        : new SendResult.Transient($"Telegram could not be reached ({what})");

    private static string Said(string description) => description.ToLowerInvariant();

    private static bool Has(string said, string phrase) => said.Contains(phrase, StringComparison.Ordinal);
}
