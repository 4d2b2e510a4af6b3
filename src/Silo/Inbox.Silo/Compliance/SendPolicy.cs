using Inbox.Silo.Channels;

namespace Inbox.Silo.Compliance;

/// <summary>A person's consent with one number of one brand.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Compliance.ConsentSnapshot")]
public sealed record ConsentSnapshot(bool OptedOut, bool Alerts, bool Marketing)
{
    public static ConsentSnapshot None { get; } = new(false, false, false);
}

/// <summary>What a send needs decided, gathered when it is queued and again when it leaves the outbox.</summary>
public sealed record SendContext(
    Channel Channel,
    ConsentSnapshot Consent,
    DateTimeOffset Now,
    DateTimeOffset? LastInboundAt,
    IReadOnlyList<TimeZoneInfo> RecipientZones,
    QuietHoursPolicy QuietHours,
    TimeSpan RecentContact,
    bool StartsContact = false,
    Purpose? Purpose = null,
    bool IsKeywordReply = false,
    bool Urgent = false,
    bool IsTemplate = false,
    bool HumanAgentTag = false);

public abstract record SendDecision
{
    private SendDecision() { }

    public static SendDecision Allow { get; } = new Allowed();

    public sealed record Allowed : SendDecision;

    /// <summary>Quiet hours: the message waits and is checked again at <paramref name="Until"/>.</summary>
    public sealed record Held(DateTimeOffset Until, string Reason) : SendDecision;

    public sealed record Refused(string Code, string Reason) : SendDecision;
}

/// <summary>
/// The rules every send obeys, as one pure decision: consent, then the channel's window, then quiet
/// hours. Keyword confirmations answer the customer, so only consent's own rule applies to them.
/// </summary>
public static class SendPolicy
{
    public static readonly TimeSpan ServiceWindow = TimeSpan.FromHours(24);
    public static readonly TimeSpan HumanAgentWindow = TimeSpan.FromDays(7);

    public static SendDecision Decide(SendContext c)
    {
        if (c.IsKeywordReply) return SendDecision.Allow;
        if (c.Consent.OptedOut)
            return new SendDecision.Refused("opted_out", "The recipient opted out of messages from this number (STOP); only answers to HELP or START may go.");
        if (c.StartsContact && c.Purpose == Purpose.Alerts && !c.Consent.Alerts && !c.Consent.Marketing)
            return new SendDecision.Refused("no_consent", "Starting contact for alerts needs an opt-in on record (API, import, START or YES, or an agent's record with evidence).");
        if (c.StartsContact && c.Purpose == Purpose.Marketing && !c.Consent.Marketing)
            return new SendDecision.Refused("no_consent", "Marketing messages need an explicit marketing opt-in on record.");

        if (Window(c) is { } closed) return closed;

        var activeConversation = c.LastInboundAt is { } last && c.Now - last <= c.RecentContact;
        if ((c.StartsContact || !activeConversation) && !c.Urgent && !QuietHours.AllowedInAll(c.QuietHours, c.RecipientZones, c.Now))
        {
            var opens = QuietHours.NextOpening(c.QuietHours, c.RecipientZones, c.Now);
            return opens is { } until
                ? new SendDecision.Held(until, $"Quiet hours in the recipient's time zone ({string.Join(", ", c.RecipientZones.Select(z => z.Id))}); it goes at {until:u}.")
                : new SendDecision.Refused("quiet_hours", "The brand's hours never open in the recipient's time zone this week.");
        }
        return SendDecision.Allow;
    }

    /// <summary>When a free-form message may still go on this channel; null when no window applies (SMS).</summary>
    public static DateTimeOffset? WindowOpenUntil(Channel channel, DateTimeOffset? lastInboundAt, bool humanAgentTag = false) => channel switch
    {
        Channel.WhatsApp => lastInboundAt + ServiceWindow,
        Channel.Messenger => lastInboundAt + (humanAgentTag ? HumanAgentWindow : ServiceWindow),
        Channel.Telegram => lastInboundAt is null ? null : DateTimeOffset.MaxValue,
        _ => null,
    };

    private static SendDecision.Refused? Window(SendContext c)
    {
        switch (c.Channel)
        {
            case Channel.WhatsApp when !c.IsTemplate && !Open(c.LastInboundAt, ServiceWindow, c.Now):
                return new("window_closed", "WhatsApp allows free-form messages only within 24 hours of the customer's last message; send an approved template.");
            case Channel.Messenger when !Open(c.LastInboundAt, c.HumanAgentTag ? HumanAgentWindow : ServiceWindow, c.Now):
                return new("window_closed", c.HumanAgentTag
                    ? "Messenger allows a human agent's reply only within 7 days of the customer's last message."
                    : "Messenger allows messages only within 24 hours of the customer's last message (7 days for a human agent's reply with the HUMAN_AGENT tag).");
            case Channel.Telegram when c.LastInboundAt is null:
                return new("window_closed", "A Telegram bot can message only people who have written to it.");
            default:
                return null;
        }
    }

    private static bool Open(DateTimeOffset? lastInbound, TimeSpan window, DateTimeOffset now) => lastInbound is { } last && now - last <= window;
}
