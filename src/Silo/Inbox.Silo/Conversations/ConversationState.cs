using Inbox.Silo.Channels;
using Inbox.Silo.Numbers;

namespace Inbox.Silo.Conversations;

/// <summary>
/// What a conversation needs to decide, and nothing more: the thread itself lives in the messages
/// table, so this stays small however long the conversation grows. Its methods are the pure rules.
/// </summary>
public sealed class ConversationState
{
    /// <summary>2: <see cref="WaitingSince"/> is kept; a state stored before reads it from its list row once (the 0034 migration filled that in).</summary>
    public int Format { get; set; } = CurrentFormat;

    public const int CurrentFormat = 2;

    // The brand, number and team are shared by every conversation of a number: one copy of each string serves all
    // activations (the set of them is small and lives as long as the brand does).
    public string? BrandId { get; set => field = Shared(value); }

    public string NumberKey { get; set => field = Shared(value)!; } = "";

    public Channel Channel { get; set; }

    public string ContactId { get; set; } = "";

    public string? ContactName { get; set; }

    /// <summary>Where replies go: the contact's address, or for a group the group's chat id.</summary>
    public string ContactAddress { get; set; } = "";

    /// <summary>A person's direct chat, or a group (whose members are contacts; <see cref="ContactId"/> is the first who wrote).</summary>
    public Inbound.ChatKind Chat { get; set; }

    public string? TeamId { get; set => field = Shared(value); }

    public string? AssigneeId { get; set; }

    public ConversationStatus Status { get; set; }

    public DateTimeOffset? SnoozedUntil { get; set; }

    /// <summary>The assignee's unread (or, unassigned, the thread's): customer messages since the assignee read it or anyone answered.</summary>
    public int Unread { get; set; }

    /// <summary>The sequence number of the last answer to the customer; unread counts from after it.</summary>
    public long LastReplySequence { get; set; }

    public DateTimeOffset? LastInboundAt { get; set; }

    public DateTimeOffset LastActivityAt { get; set; }

    public DateTimeOffset? LastAutoReplyAt { get; set; }

    /// <summary>Since when the customer has waited for an answer (<see cref="Waiting"/>); null when we wrote last.</summary>
    public DateTimeOffset? WaitingSince { get; set; }

    public string? Preview { get; set; }

    public long NextSequence { get; set; } = 1;

    /// <summary>
    /// The sequence of the last event reserved for this conversation (see <see cref="Events.ConversationEvent.Sequence"/>).
    /// Reserved before the commit that carries it, so a committed change's event number is never handed out again;
    /// state stored before events had numbers reads 0 and starts at 1.
    /// </summary>
    public long LastEventSequence { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool Exists => BrandId is not null;

    public void Start(ConversationTarget target, DateTimeOffset now)
    {
        BrandId = target.BrandId;
        NumberKey = target.NumberKey;
        Channel = target.Channel;
        ContactId = target.ContactId;
        ContactName = target.ContactName;
        ContactAddress = target.Chat == Inbound.ChatKind.Group ? target.ChatId! : target.ContactAddress;
        if (target.Chat == Inbound.ChatKind.Group) ContactName = target.ChatTitle ?? target.ChatId;
        Chat = target.Chat;
        TeamId = target.TeamId;
        Status = ConversationStatus.Open;
        CreatedAt = now;
        LastActivityAt = now;
    }

    public long TakeSequence() => NextSequence++;

    public long TakeEventSequence() => ++LastEventSequence;

    /// <summary>A customer wrote (at <paramref name="placedAt"/>, see <see cref="InboundMessages.PlacedAt"/>): the conversation reopens (whatever its status) and counts as unread.</summary>
    public void OnCustomerMessage(DateTimeOffset placedAt, string? preview, DateTimeOffset now)
    {
        Status = ConversationStatus.Open;
        SnoozedUntil = null;
        Unread++;
        LastInboundAt = LastInboundAt is { } last && last > placedAt ? last : placedAt;
        Touch(preview, now);
    }

    /// <summary>A message joined the thread: a customer's may start a wait, an answer ends it.</summary>
    public void Heard(MessageView message) => WaitingSince = Waiting.After(WaitingSince, message);

    public void Touch(string? preview, DateTimeOffset now)
    {
        LastActivityAt = now;
        if (preview is not null) Preview = preview.Length > 140 ? preview[..140] : preview;
    }

    /// <summary>Applies a status change; snoozing needs a time in the future, other statuses clear it.</summary>
    public void ChangeStatus(ConversationStatus status, DateTimeOffset? snoozedUntil, DateTimeOffset now)
    {
        if (status == ConversationStatus.Snoozed)
        {
            if (snoozedUntil is not { } until || until <= now)
                throw Refuse.Invalid("bad_snooze", "Snoozing needs a snoozedUntil time in the future.", "snoozedUntil");
            SnoozedUntil = until;
        }
        else
        {
            if (snoozedUntil is not null) throw Refuse.Invalid("bad_snooze", "snoozedUntil goes only with the snoozed status.", "snoozedUntil");
            SnoozedUntil = null;
        }
        Status = status;
        WaitingSince = Waiting.AfterStatus(WaitingSince, status);
        LastActivityAt = now;
    }

    /// <summary>A due snooze job reopens the conversation unless it was changed meanwhile.</summary>
    public bool ReleaseSnooze(DateTimeOffset now)
    {
        if (Status != ConversationStatus.Snoozed || SnoozedUntil is not { } until || until > now) return false;
        Status = ConversationStatus.Open;
        SnoozedUntil = null;
        LastActivityAt = now;
        return true;
    }

    /// <summary>An alerts number's auto-reply goes at most once a day to one conversation.</summary>
    public bool ShouldAutoReply(DateTimeOffset now) => LastAutoReplyAt is not { } last || now - last >= TimeSpan.FromHours(24);

    public ConversationRow Row(string id) => new(id, BrandId!, Channel, NumberKey, ContactId, ContactName, ContactAddress, TeamId, AssigneeId,
        Status, SnoozedUntil, Unread, LastInboundAt, LastActivityAt, Preview, Chat, WaitingSince);

    private static string? Shared(string? value) => value is null ? null : string.Intern(value);
}
