using Inbox.Silo.Media;

namespace Inbox.Connectors.Telegram;

/// <summary>
/// What every bot's sender and media source share: the Bot API's base URL (api.telegram.org, a local Bot API server,
/// or a fake), the pooled HTTP handlers, how long a call may take, the chat pacer, the clock, and Inbox's uploaded files.
/// </summary>
public sealed class TelegramBotConnection(string apiBase, TimeSpan timeout, IHttpMessageHandlerFactory handlers, TelegramChatPacer pacer,
    TimeProvider time, IOutboundMedia? uploads)
{
    /// <summary>The name of the pooled handler in IHttpClientFactory.</summary>
    public const string HttpClientName = "Telegram.Bot";

    public string ApiBase => apiBase;

    public TimeSpan Timeout => timeout;

    public IHttpMessageHandlerFactory Handlers => handlers;

    public TelegramChatPacer Pacer => pacer;

    public TimeProvider Time => time;

    public IOutboundMedia? Uploads => uploads;

    /// <summary>
    /// The same connection (handlers, pacer, clock) to the Bot API at <paramref name="otherBase"/>: a bot account of its own
    /// server (a local Bot API server, the demo's fake). Without a trailing slash, since the client appends "/bot{token}".
    /// </summary>
    public TelegramBotConnection At(Uri otherBase)
    {
        var trimmed = otherBase.ToString().TrimEnd('/');
        return trimmed == apiBase.TrimEnd('/') ? this : new TelegramBotConnection(trimmed, timeout, handlers, pacer, time, uploads);
    }
}
