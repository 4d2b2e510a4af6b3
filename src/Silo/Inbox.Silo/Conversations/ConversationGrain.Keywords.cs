using Inbox.Silo.Compliance;
using Inbox.Silo.Inbound;

namespace Inbox.Silo.Conversations;

public sealed partial class ConversationGrain
{
    /// <summary>
    /// A consent keyword changes consent (once per dedupe key) and is answered once, in the same
    /// unit as the inbound message: a redelivery is a duplicate and so sends nothing again. A keyword
    /// overtaken by a later change is not answered. A message that only reads like an opt-out gets a
    /// private note for the agent.
    /// </summary>
    private async Task<List<(MessageView Message, SqlWrite[] Rows)>> KeywordWorkAsync(InboundEvent inbound, MessageView message, DateTimeOffset now)
    {
        var keyword = Keywords.Classify(inbound.Text);
        if (keyword == Keyword.None && !Keywords.LooksLikeOptOut(inbound.Text)) return [];
        if (S.Chat == ChatKind.Group)
        {
            // Consent is a person's, given in their own chat with the brand; a word said in a group changes nothing.
            if (keyword == Keyword.None) return [];
            var flag = new MessageView(Ids.New("msg"), Id, S.TakeSequence(), Direction.Outbound, AuthorKind.System, "keywords",
                $"{inbound.SenderName ?? inbound.SenderAddress} wrote {keyword.ToString().ToUpperInvariant()} in this group. Consent is per person, in a direct chat with the number: nothing changed.",
                [], true, DeliveryStatus.Received, null, null, null, now);
            return [(flag, [MessageRows.Insert(flag, S.BrandId!, S.NumberKey, null)])];
        }
        var brand = await GrainFactory.GetGrain<Brands.IBrandGrain>(S.BrandId!).Get();
        if (brand is null || !KeywordReplies.Apply(S.Channel, brand.Settings)) return [];
        if (keyword == Keyword.None)
        {
            var note = new MessageView(Ids.New("msg"), Id, S.TakeSequence(), Direction.Outbound, AuthorKind.System, "keywords",
                "This message may ask to stop messages. Nothing changed: a STOP from the customer, or an agent's record, opts them out.",
                [], true, DeliveryStatus.Received, null, null, null, now);
            return [(note, [MessageRows.Insert(note, S.BrandId!, S.NumberKey, null)])];
        }
        var outcome = await GrainFactory.GetGrain<IConsentGrain>(ConsentKeys.For(S.BrandId!, S.Channel, S.ContactAddress))
            .ApplyKeyword(S.NumberKey, keyword, inbound.DedupeKey, message.Id, message.SentAt);
        // A START older than a STOP already applied (or the reverse) changed nothing: confirming it would tell the customer the opposite of the truth.
        if (outcome.Overtaken) return [];
        return KeywordReplies.For(keyword, brand) is { } text ? [KeywordReply(text, now)] : [];
    }
}
