namespace Inbox.Connectors.Fakes.Telegram;

/// <summary>A bot the fake Bot API knows: its token (whose part before the colon is its id) and how it introduces itself.</summary>
public sealed record TelegramFakeBot(string Token, string FirstName, string Username)
{
    public string Id => Token[..Token.IndexOf(':')];

    public long NumericId => long.Parse(Id, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// One fake Bot API server: the bots it serves and the limits it enforces. The defaults are Telegram's published ones
/// (providers.md §4.1: about one message a second into a chat, 20 a minute into a group, 30 a second across chats;
/// bots download files up to 20 MB and upload up to 50 MB); a test lowers them to see throttling quickly.
/// </summary>
public sealed class TelegramFakeOptions
{
    public IList<TelegramFakeBot> Bots { get; init; } = [];

    /// <summary>Messages into one chat within any one second.</summary>
    public int PerChatPerSecond { get; init; } = 1;

    /// <summary>Messages into one group (or supergroup, or channel) within any one minute.</summary>
    public int PerGroupPerMinute { get; init; } = 20;

    /// <summary>Messages a bot sends within any one second, across all chats.</summary>
    public int GlobalPerSecond { get; init; } = 30;

    /// <summary>The largest file getFile hands a bot a path for; larger ones are refused "file is too big".</summary>
    public long MaxDownloadBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>The largest file a bot may upload (photos have a 10 MB limit of their own).</summary>
    public long MaxUploadBytes { get; init; } = 50 * 1024 * 1024;

    /// <summary>How long a webhook POST may take before Telegram counts it as failed.</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The network between Telegram and the app: where a POST to a registered webhook URL (always https, on 443, 80, 88
    /// or 8443) or a fetch of a media URL really goes. In tests the app listens on loopback over http at a free port, as
    /// a proxy behind the public https name would; this maps the public URL to it. The identity by default.
    /// </summary>
    public Func<Uri, Uri> Network { get; init; } = url => url;
}
