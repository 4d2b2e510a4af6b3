namespace Inbox.Connectors.Fakes.Messenger;

/// <summary>
/// One fake Meta app with its Pages: each Page's token, the app that signs the webhooks it posts back, and the
/// limits Meta enforces. The defaults are Meta's published ones (providers.md §3); a test lowers a rate or a
/// window to see a refusal without sending hundreds of messages or waiting a day.
/// </summary>
public sealed class MessengerFakeOptions
{
    /// <summary>The Pages the app may send for: Page id to Page access token.</summary>
    public IDictionary<string, string> Pages { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The app's id, as it appears in the <c>app_id</c> of an echo of a message sent through it.</summary>
    public string AppId { get; init; } = "263902037430901";

    /// <summary>The app secret that signs every webhook (<c>X-Hub-Signature-256</c>); without it no callback is posted.</summary>
    public string? AppSecret { get; init; }

    /// <summary>The app's callback URL for the <c>page</c> object (the app's /webhooks/messenger); null posts nothing.</summary>
    public Uri? Webhook { get; set; }

    /// <summary>The id of the Page Inbox's own app, which echoes what a person types in Meta Business Suite.</summary>
    public string PageInboxAppId { get; init; } = "263902037430900";

    /// <summary>Send API calls a Page may make in any one second (text, links, reactions, stickers).</summary>
    public int SendsPerSecond { get; set; } = 300;

    /// <summary>Calls a Page may make in any one second that carry audio or video.</summary>
    public int MediaSendsPerSecond { get; set; } = 10;

    /// <summary>The standard messaging window after the customer's last message (RESPONSE, UPDATE, sender actions).</summary>
    public TimeSpan StandardWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long after the customer's last message the HUMAN_AGENT tag may still be used.</summary>
    public TimeSpan HumanAgentWindow { get; init; } = TimeSpan.FromDays(7);

    public long MaxAttachmentBytes { get; init; } = 25 * 1024 * 1024;

    /// <summary>Whether each accepted message is echoed, reported delivered and reported read, as a Page subscribed to those fields is.</summary>
    public bool Echo { get; set; } = true;

    public bool Deliver { get; set; } = true;

    public bool Read { get; set; } = true;

    /// <summary>
    /// How long after the Send API's answer the callbacks start: Meta's come moments later, and an app records the
    /// message id from the answer before a delivery or read can name it.
    /// </summary>
    public TimeSpan CallbacksAfter { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Delivery callbacks without <c>mids</c> (Meta's watermark-only form).</summary>
    public bool OmitDeliveryMids { get; set; }

    /// <summary>Every callback posted twice, as Meta's redeliveries do.</summary>
    public bool DuplicateCallbacks { get; set; }

    /// <summary>A message's callbacks posted in reverse order (read before delivery before echo).</summary>
    public bool ReverseCallbacks { get; set; }
}
