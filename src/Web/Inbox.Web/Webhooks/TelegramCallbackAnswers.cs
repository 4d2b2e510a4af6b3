using Inbox.Connectors.Telegram;
using Inbox.Silo.Inbound;
using Inbox.Web.Senders;

namespace Inbox.Web.Webhooks;

/// <summary>
/// Answers the button presses of a Telegram update once the update is committed, so the customer's button stops
/// spinning without the webhook's own answer waiting on another call to Telegram. A press that was not kept (invalid,
/// unrouted) is answered too: the customer's button should stop either way, and a redelivered press (a duplicate) is
/// answered again harmlessly (Telegram refuses the second answer, which is only logged).
/// </summary>
public sealed partial class TelegramCallbackAnswers(TelegramBotConnection connection, ILogger<TelegramCallbackAnswers> logger)
{
    /// <summary>Starts answering every callback query among <paramref name="events"/>; returns at once.</summary>
    public void AnswerCommitted(string botId, WebhookAccount account, IReadOnlyList<InboundEvent> events)
    {
        var presses = events.Where(e => e.Kind == InboundKind.Action && !string.IsNullOrEmpty(e.ProviderMessageId)).ToArray();
        if (presses.Length == 0) return;
        if (TelegramBotAccount.Decide(connection, account.Id, account.Credentials) is not ({ } bot, _)) return;
        foreach (var press in presses) _ = AnswerAsync(botId, bot, press.ProviderMessageId!);
    }

    private async Task AnswerAsync(string botId, TelegramBot bot, string queryId)
    {
        if (await TelegramCallbacks.AnswerAsync(bot.Connection, bot.Token, queryId, CancellationToken.None) is { } refused)
            LogNotAnswered(logger, botId, refused);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A button press on Telegram bot {BotId} was not answered: {Reason}")]
    private static partial void LogNotAnswered(ILogger logger, string botId, string reason);
}
