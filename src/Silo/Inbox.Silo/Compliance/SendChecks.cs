using Inbox.Silo.Brands;
using Inbox.Silo.Channels;
using Inbox.Silo.Contacts;

namespace Inbox.Silo.Compliance;

/// <summary>What the outbox must remember about a queued message to check it again when it leaves.</summary>
public sealed record OutboxPolicy(
    bool StartsContact = false, Purpose? Purpose = null, bool KeywordReply = false, bool Urgent = false, Numbers.TemplateUse? Template = null, bool HumanAgent = false);

/// <summary>The conversation facts a send decision needs.</summary>
public sealed record SendFacts(string BrandId, Channel Channel, string NumberKey, string ContactId, string ContactAddress, DateTimeOffset? LastInboundAt);

/// <summary>
/// Gathers consent, the recipient's zones and the brand's hours, then asks <see cref="SendPolicy"/>.
/// Called when a message is queued and again when it leaves the outbox, so a STOP in between wins.
/// </summary>
public static class SendChecks
{
    public static async Task<SendDecision> DecideAsync(IGrainFactory grains, SendFacts facts, OutboxPolicy policy, DateTimeOffset now)
    {
        var brand = await grains.GetGrain<IBrandGrain>(facts.BrandId).Get() ?? throw Refuse.NotFound("brand", facts.BrandId);
        var consent = (await grains.GetGrain<IConsentGrain>(ConsentKeys.For(facts.BrandId, facts.Channel, facts.ContactAddress)).Get()).For(facts.NumberKey);
        var contact = await grains.GetGrain<IContactGrain>(facts.ContactId).Get();
        var zones = RecipientZones.Resolve(contact?.TimeZone, facts.Channel, facts.ContactAddress, brand.Settings.DefaultTimeZone);
        return SendPolicy.Decide(new SendContext(facts.Channel, consent, now, facts.LastInboundAt, zones, brand.Settings.QuietHours,
            brand.Settings.RecentContact, policy.StartsContact, policy.Purpose, policy.KeywordReply, policy.Urgent, policy.Template is not null, policy.HumanAgent));
    }

    public static SqlWrite Record(SendFacts facts, string? messageId, string kind, string? code, string? reason, DateTimeOffset at) => new(
        "INSERT INTO send_events (id, brand_id, channel, number_key, message_id, kind, code, reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        Ids.New("sev"), facts.BrandId, facts.Channel.Wire(), facts.NumberKey, SqlValue.Of(messageId), kind, SqlValue.Of(code), SqlValue.Of(reason), at.ToUnixTimeMilliseconds());
}
