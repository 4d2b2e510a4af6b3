namespace Inbox.Connectors.Fakes.WhatsApp;

/// <summary>A business phone number the fake serves: its Graph id, the number customers see, its business account and a token that may use it.</summary>
public sealed record WhatsAppFakeNumber(string PhoneNumberId, string DisplayPhoneNumber, string BusinessAccountId, string AccessToken);

/// <summary>
/// A message template of a business account as Meta keeps it: a body with {{1}}, {{2}}, … placeholders and a
/// review status (only APPROVED ones can be sent).
/// </summary>
public sealed record WhatsAppFakeTemplate(string BusinessAccountId, string Name, string Language, string Body,
    string Status = "APPROVED", string Category = "UTILITY");

/// <summary>How the fake answers a free-form message outside the 24-hour window.</summary>
public enum WindowClosedAnswer
{
    /// <summary>As Meta usually does: 200 with an id, then a <c>failed</c> status with 131047.</summary>
    FailedStatus,

    /// <summary>A synchronous 400 with 131047, as Meta also does on some paths.</summary>
    Refuse,
}

/// <summary>
/// One fake WhatsApp Cloud API: its numbers and tokens, the app secret that signs its webhooks, templates and the
/// limits it enforces. The defaults are Meta's published ones (providers.md §2.1); a test lowers a rate to see
/// throttling without sending hundreds.
/// </summary>
public sealed class WhatsAppFakeOptions
{
    public IList<WhatsAppFakeNumber> Numbers { get; init; } = [];

    /// <summary>The Meta app's secret: every webhook the fake posts is signed with it.</summary>
    public string AppSecret { get; init; } = "";

    public IList<WhatsAppFakeTemplate> Templates { get; init; } = [];

    /// <summary>Messages per second per business number (in and out, every type); Meta's default.</summary>
    public int NumberPerSecond { get; init; } = 80;

    /// <summary>Messages from one number to one user in a burst before the pair rate limit (131056) applies.</summary>
    public int PairBurst { get; init; } = 45;

    /// <summary>How often one more message to the same user is allowed once the burst is spent.</summary>
    public TimeSpan PairInterval { get; init; } = TimeSpan.FromSeconds(6);

    public TimeSpan Window { get; init; } = TimeSpan.FromHours(24);

    public WindowClosedAnswer WindowClosed { get; init; } = WindowClosedAnswer.FailedStatus;

    /// <summary>Phone numbers (digits) that have no WhatsApp account: a send to one is accepted, then fails with 131026.</summary>
    public ISet<string> NotOnWhatsApp { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>How long uploaded and received media can be fetched by id; Meta keeps them 30 days.</summary>
    public TimeSpan MediaLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long a media download URL works; Meta's are good for five minutes.</summary>
    public TimeSpan DownloadUrlLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The pause before each status webhook of an accepted message (sent, then delivered, then read).</summary>
    public TimeSpan StatusDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Whether the customer's phone reports delivered, and whether the customer reads (read receipts on).</summary>
    public bool ReportDelivered { get; init; } = true;

    public bool ReportRead { get; init; } = true;

    /// <summary>Post every status webhook twice, as Meta's at-least-once delivery does at times.</summary>
    public bool DuplicateStatuses { get; init; }

    /// <summary>Post a message's statuses newest first (read before delivered before sent), as unordered delivery may.</summary>
    public bool ReverseStatuses { get; init; }

    /// <summary>The waits before redelivering a webhook the app did not answer 2xx: Meta's days-long schedule, compressed.</summary>
    public IList<TimeSpan> RedeliveryDelays { get; init; } = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];
}
