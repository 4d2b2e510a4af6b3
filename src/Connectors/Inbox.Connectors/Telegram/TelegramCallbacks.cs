using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Inbox.Connectors.Telegram;

/// <summary>
/// Answers a customer's button press (answerCallbackQuery). Until a bot answers, the customer's button shows a spinner
/// for a while; Inbox answers once the update that carried the press is committed, with no text, since the reply, if
/// any, comes from an agent as a message. Best effort: a lost answer only lets the spinner run out on its own.
/// </summary>
public static class TelegramCallbacks
{
    /// <summary>Null when Telegram took the answer; otherwise why not (for the log).</summary>
    public static async Task<string?> AnswerAsync(TelegramBotConnection connection, string botToken, string callbackQueryId, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(connection.Handlers.CreateHandler(TelegramBotConnection.HttpClientName), disposeHandler: false) { Timeout = connection.Timeout };
        try
        {
            var client = new TelegramBotClient(new TelegramBotClientOptions(botToken, connection.ApiBase) { RetryThreshold = 0, RetryCount = 0 }, http, cancellationToken);
            await client.AnswerCallbackQuery(callbackQueryId, cancellationToken: cancellationToken);
            return null;
        }
        catch (ApiRequestException refused)
        {
            return $"Telegram answered {refused.ErrorCode}: {refused.Message}";
        }
        catch (Exception failed) when (failed is RequestException or ArgumentException)
        {
            return failed.InnerException?.Message ?? failed.Message;
        }
    }
}
