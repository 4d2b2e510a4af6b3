using Inbox.Connectors.Telegram;
using Inbox.Silo.Inbound;

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
    public void AnswerCommitted(string botId, string botToken, IReadOnlyList<InboundEvent> events)
    {
        foreach (var press in events.Where(e => e.Kind == InboundKind.Action && !string.IsNullOrEmpty(e.ProviderMessageId)))
            _ = AnswerAsync(botId, botToken, press.ProviderMessageId!);
    }

    private async Task AnswerAsync(string botId, string botToken, string queryId)
    {
        if (await TelegramCallbacks.AnswerAsync(connection, botToken, queryId, CancellationToken.None) is { } refused)
            LogNotAnswered(logger, botId, refused);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A button press on Telegram bot {BotId} was not answered: {Reason}")]
    private static partial void LogNotAnswered(ILogger logger, string botId, string reason);
}
