using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;
using Inbox.Silo.Contacts;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Conversations;

public sealed partial class ConversationGrain
{
    // The number's settings, read once per activation for the auto-reply: a number's purpose never changes.
    private NumberView? _number;

    public async Task<MessageView> Send(Caller caller, Outgoing outgoing, ConversationTarget? target = null)
    {
        var now = silo.Clock.GetUtcNow();
        if (S.Exists) return await SendAsync(caller, outgoing, now);
        if (target is null) throw Refuse.NotFound("conversation", Id);
        S.Start(target, now);
        try
        {
            return await SendAsync(caller, outgoing, now);
        }
        catch
        {
            // A refused first message leaves no conversation behind: forget the one just started.
            await state.ReadStateAsync();
            throw;
        }
    }

    private async Task<MessageView> SendAsync(Caller caller, Outgoing outgoing, DateTimeOffset now)
    {
        EnsureVisible(caller);
        var found = await GrainFactory.GetGrain<INumberGrain>(S.NumberKey).Get();
        // A note needs only the thread; a message needs a number to go from and a customer who can receive it here.
        if (CannotAnswer(found) is { } cannot && (!outgoing.IsPrivate || found is null)) throw cannot;
        var number = found!;
        if (outgoing.StartsContact && outgoing.Purpose is { } purpose && number.Purpose != purpose) throw ChannelNames.Mismatch(number.Key, number.Purpose, purpose);
        var (text, media) = outgoing.Template is { } use ? (Render(number, use), []) : OutgoingRules.Validate(S.Channel, outgoing);
        var author = caller.AgentId is null ? AuthorKind.System : AuthorKind.Agent;
        var authorId = caller.AgentId ?? (caller.IsSystem ? null : caller.Name);
        if (outgoing.IsPrivate) return await CommitAsync(NewMessage(author, authorId, text, media, true, DeliveryStatus.Received, now), null, null);

        if (outgoing.Urgent && UrgentSends.Refusal(caller, outgoing.StartsContact, outgoing.Purpose, number.Purpose, outgoing.UrgentReason) is { } notUrgent)
            throw notUrgent;
        var policy = new OutboxPolicy(outgoing.StartsContact, outgoing.Purpose, Urgent: outgoing.Urgent, Template: outgoing.Template, HumanAgent: outgoing.HumanAgent);
        var decision = await SendChecks.DecideAsync(GrainFactory, Facts, policy, now);
        if (decision is SendDecision.Refused refused)
        {
            // Refused up front: nothing is queued and no message is kept; the figures count the refusal.
            await silo.Store.CommitAsync([SendChecks.Record(Facts, null, "refused", refused.Code, refused.Reason, now)]);
            throw Refuse.Rule(refused.Code, refused.Reason);
        }
        if (await silo.Uploads.NotOwnedAsync(S.BrandId!, OutgoingRules.Uploads(media)) is [var unknown, ..])
            throw Refuse.Invalid("unknown_media", $"inbox-media:{unknown} is not a file uploaded to this brand.", "media");
        var replyTo = outgoing.ReplyToMessageId is { } answered ? await ReplyContextAsync(answered) : null;
        var held = decision as SendDecision.Held;
        var message = NewMessage(author, authorId, text, media, false, DeliveryStatus.Queued, now) with { HeldUntil = held?.Until, ReplyTo = replyTo };
        var work = new UnitOfWork();
        // The audit names the message it let through, and commits with it: no urgent record without its message, nor the reverse.
        if (outgoing.Urgent) work.Add(SendChecks.Record(Facts, message.Id, "urgent", null, outgoing.UrgentReason, now));
        if (held is not null) work.Add(SendChecks.Record(Facts, message.Id, "held", "quiet_hours", held.Reason, now));
        return await CommitAsync(message, (policy, held?.Until), work, Answerer(caller));
    }

    /// <summary>
    /// The message a reply answers, by our id: one of this thread's messages the provider knows (it has the
    /// provider's id), so the channel can show the reply in context. A note, an unsent message or another
    /// thread's message cannot be answered in context, and saying so beats sending it without.
    /// </summary>
    private async Task<ReplyContext> ReplyContextAsync(string messageId)
    {
        var found = (await silo.Rows.QueryAsync(
            "SELECT provider_message_id FROM messages WHERE id = $1 AND conversation_id = $2 AND is_private = 0 AND activity IS NULL",
            [messageId, Id], r => (Found: true, ProviderId: r.Text(0)))).FirstOrDefault();
        if (!found.Found)
            throw Refuse.Invalid("unknown_reply_to", $"replyToMessageId '{messageId}' names no message of this conversation that the customer saw.", "replyToMessageId");
        return found.ProviderId is { } providerId
            ? new ReplyContext(providerId, messageId)
            : throw Refuse.Invalid("reply_to_not_sent", $"The message '{messageId}' has not reached the provider yet, so a reply cannot quote it.", "replyToMessageId");
    }

    /// <summary>
    /// Sends a failed message of this thread again as a new message: the same text and media, through every send
    /// rule as it stands now. The way out for a message that may have been sent (a timeout after the request went
    /// out), which is never retried automatically; the old one keeps its failure, so the thread shows both.
    /// </summary>
    public async Task<MessageView> Resend(Caller caller, string messageId)
    {
        EnsureVisible(caller);
        var failed = (await silo.Rows.QueryAsync(
            "SELECT body, media, status, direction, is_private FROM messages WHERE id = $1 AND conversation_id = $2 AND activity IS NULL",
            [messageId, Id], r => (Text: r.Text(0), Media: r.Text(1), Status: r.GetString(2), Direction: r.GetString(3), Private: r.GetInt64(4) != 0))).ToList();
        if (failed.Count == 0) throw Refuse.NotFound("message", messageId);
        var old = failed[0];
        if (old.Direction != "outbound" || old.Private)
            throw Refuse.Rule("not_resendable", "Only a message the brand sent to the customer can be resent.");
        if (DeliveryStatuses.Parse(old.Status) != DeliveryStatus.Failed)
            throw Refuse.Rule("not_failed", $"The message '{messageId}' is {old.Status}; only a failed message can be resent.");
        var media = old.Media is { } json ? System.Text.Json.JsonSerializer.Deserialize<List<MediaRef>>(json, MessageRows.Json) ?? [] : [];
        return await SendAsync(caller, new Outgoing(old.Text, media), silo.Clock.GetUtcNow());
    }

    /// <summary>Why no message can go to this thread's customer, whatever it says: no number any more, an address that cannot receive, a group the channel cannot post in.</summary>
    private DomainException? CannotAnswer(NumberView? number) => number is null
        ? Refuse.Rule("number_unregistered", $"{S.NumberKey} is no longer registered, so this conversation cannot send.")
        : ContactIdentities.CannotReceive(S.Channel, S.ContactAddress) ?? OutgoingRules.CannotReplyInto(S.Channel, S.Chat);

    /// <summary>Who answers the customer with a send: a person or a key, not the system's own auto-reply.</summary>
    private static Caller? Answerer(Caller caller) => caller.IsSystem ? null : caller;

    public async Task<ComposerView> Composer(Caller caller)
    {
        EnsureVisible(caller);
        var now = silo.Clock.GetUtcNow();
        var brand = await GrainFactory.GetGrain<Brands.IBrandGrain>(S.BrandId!).Get() ?? throw Refuse.NotFound("brand", S.BrandId!);
        var number = await GrainFactory.GetGrain<INumberGrain>(S.NumberKey).Get();
        var consent = (await GrainFactory.GetGrain<IConsentGrain>(ConsentKeys.For(S.BrandId!, S.Channel, S.ContactAddress)).Get()).For(S.NumberKey);
        var contact = await GrainFactory.GetGrain<Contacts.IContactGrain>(S.ContactId).Get();
        var zones = RecipientZones.Resolve(contact?.TimeZone, S.Channel, S.ContactAddress, brand.Settings.DefaultTimeZone);
        // The same decision a reply sent now would meet, so the composer never promises what the send refuses.
        var reply = CannotAnswer(number) is { } cannot
            ? new ReplyCheck(false, cannot.Code, cannot.Message)
            : ReplyCheck.From(SendPolicy.Decide(new SendContext(S.Channel, consent, now, S.LastInboundAt, zones, brand.Settings.QuietHours, brand.Settings.RecentContact)));
        return new ComposerView(S.NumberKey, S.Channel, SendPolicy.WindowOpenUntil(S.Channel, S.LastInboundAt), reply.Allowed, reply, consent,
            zones.Select(z => z.Id).ToArray(), number?.Templates ?? []);
    }

    /// <summary>The one confirmation of a keyword: it answers the customer, so consent's and quiet hours' holds do not apply.</summary>
    private (MessageView Message, SqlWrite[] Rows) KeywordReply(string text, DateTimeOffset now)
    {
        var reply = NewMessage(AuthorKind.System, "keywords", text, [], false, DeliveryStatus.Queued, now);
        return (reply, [MessageRows.Insert(reply, S.BrandId!, S.NumberKey, null), .. OutboxRows(reply, new OutboxPolicy(KeywordReply: true), null)]);
    }

    private async Task<MessageView> CommitAsync(MessageView message, (OutboxPolicy Policy, DateTimeOffset? HeldUntil)? send, UnitOfWork? work, Caller? answering = null)
    {
        S.Touch(message.IsPrivate ? null : InboundMessages.Preview(message), message.SentAt);
        S.Heard(message);
        work ??= new UnitOfWork();
        if (answering is not null) Answered(work, answering, message);
        work.Add(MessageRows.Insert(message, S.BrandId!, S.NumberKey, dedupeKey: null)).Add(MessageRows.Upsert(S.Row(Id), S.CreatedAt));
        if (send is { } queued) foreach (var row in OutboxRows(message, queued.Policy, queued.HeldUntil)) work.Add(row);
        Announce(message);
        await CommitAndPublishAsync(work);
        if (send is { HeldUntil: null }) OutboxGrain.Poke(GrainFactory, S.NumberKey);
        return message;
    }

    private SqlWrite[] OutboxRows(MessageView message, OutboxPolicy policy, DateTimeOffset? heldUntil) =>
        [Outbox.Enqueue(message, S.NumberKey, policy, heldUntil), silo.Jobs.Schedule(OutboxGrain.IdFor(S.NumberKey), OutboxGrain.DrainJob, heldUntil ?? message.SentAt)];

    private MessageView NewMessage(AuthorKind author, string? authorId, string? text, IReadOnlyList<MediaRef> media, bool isPrivate, DeliveryStatus status, DateTimeOffset now) =>
        new(Ids.New("msg"), Id, S.TakeSequence(), Direction.Outbound, author, authorId, text, media, isPrivate, status, null, null, null, now);

    private SendFacts Facts => new(S.BrandId!, S.Channel, S.NumberKey, S.ContactId, S.ContactAddress, S.LastInboundAt);

    private static string Render(NumberView number, TemplateUse use)
    {
        if (number.Channel != Channel.WhatsApp) throw Refuse.Rule("templates_whatsapp_only", "Templates are sent on WhatsApp numbers.");
        var template = number.Templates.FirstOrDefault(t => t.Name == use.Name && t.Language == use.Language)
            ?? throw Refuse.Rule("unknown_template", $"{number.Key} has no approved template {use.Name} ({use.Language}).");
        return template.Render(use.Parameters);
    }

    private async Task AutoReplyAsync(DateTimeOffset now)
    {
        _number ??= await GrainFactory.GetGrain<INumberGrain>(S.NumberKey).Get();
        if (_number is not { Purpose: Purpose.Alerts, AutoReply: { } reply } || !S.ShouldAutoReply(now)) return;
        S.LastAutoReplyAt = now;
        try
        {
            await Send(Caller.System, new Outgoing(reply));
        }
        catch (DomainException refused) when (refused.Kind == DomainErrorKind.Refused)
        {
            // The customer's message is committed already; an auto-reply the rules refuse (after STOP) is simply not sent,
            // and the refusal is in send_events for the figures.
        }
    }

    /// <summary>
    /// The customer edited a message: the thread shows the new text, and open threads hear of it. An edit that
    /// changes nothing (a redelivery) is a duplicate; an edit of a message never received has nothing to change.
    /// </summary>
    private async Task<InboundOutcome> EditAsync(InboundEvent inbound)
    {
        if (inbound.ProviderMessageId is not { } providerId || inbound.Text is null) return InboundOutcome.Applied;
        var edited = (await silo.Rows.QueryAsync(
            "SELECT id, body FROM messages WHERE number_key = $1 AND provider_message_id = $2 AND conversation_id = $3 AND direction = 'inbound' ORDER BY seq LIMIT 1",
            [S.NumberKey, providerId, Id], r => (Id: r.GetString(0), Text: r.Text(1)))).FirstOrDefault();
        if (edited.Id is null) return InboundOutcome.Applied;
        if (edited.Text == inbound.Text) return InboundOutcome.Duplicate;
        var row = S.Row(Id);
        Announce(new Events.MessageEdited(row.BrandId, row.TeamId, row.AssigneeId, Id, edited.Id, inbound.Text));
        await CommitAndPublishAsync(new UnitOfWork().Add(new SqlWrite("UPDATE messages SET body = $2 WHERE id = $1", edited.Id, inbound.Text)));
        return InboundOutcome.Applied;
    }

    /// <summary>Messenger's read watermark: every message we sent before it, and got out, was read.</summary>
    private async Task<InboundOutcome> ReadUpToAsync(InboundEvent inbound)
    {
        var watermark = inbound.ProviderTimestamp.ToUnixTimeMilliseconds();
        const string where = "conversation_id = $1 AND direction = 'outbound' AND is_private = 0 AND status IN ('sent', 'delivered') AND sent_at <= $2";
        var ids = await silo.Rows.QueryAsync($"SELECT id FROM messages WHERE {where}", [Id, watermark], r => r.GetString(0));
        if (ids.Count == 0) return InboundOutcome.Applied;
        var row = S.Row(Id);
        foreach (var id in ids)
            Announce(new Events.MessageStatusChanged(row.BrandId, row.TeamId, row.AssigneeId, Id, id, DeliveryStatus.Read, null, null));
        await CommitAndPublishAsync(new UnitOfWork().Add(new SqlWrite(
            $"UPDATE messages SET status = 'read', status_rank = {DeliveryStatus.Read.Rank()}, delivered_at = COALESCE(delivered_at, $3) WHERE {where}",
            Id, watermark, watermark)));
        return InboundOutcome.Applied;
    }
}
