using System.Text.Json.Serialization;
using Inbox.Silo.Access;
using Inbox.Silo.Channels;

namespace Inbox.Silo.Compliance;

/// <summary>
/// One person's consent with one brand on one channel, per number: keyed "brand|channel|address".
/// An opt-out to brand A's number can never touch brand B: B's record is another grain.
/// </summary>
[Alias("Inbox.Silo.Compliance.IConsentGrain")]
public interface IConsentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies an inbound keyword once per dedupe key; a redelivery changes nothing and says so. <paramref name="at"/> is when the
    /// customer sent it (the message's placed time): consent follows that, not the order keywords arrive in.
    /// </summary>
    [Alias("ApplyKeyword")]
    Task<KeywordOutcome> ApplyKeyword(string numberKey, Keyword keyword, string dedupeKey, string? messageId, DateTimeOffset at);

    /// <summary>
    /// The channel reports that the customer unsubscribed or blocked the number (<paramref name="reason"/>: "unsubscribed",
    /// "blocked"): an opt-out of that number, once per dedupe key, at <paramref name="at"/> (the event's placed time). Never answered.
    /// </summary>
    [Alias("ApplyChannelOptOut")]
    Task ApplyChannelOptOut(string numberKey, string reason, string dedupeKey, string? messageId, DateTimeOffset at);

    [ReadOnly]
    [Alias("Get")]
    Task<ConsentView> Get();

    [Alias("Change")]
    Task<ConsentView> Change(Caller caller, ConsentChange change);
}

public static class ConsentKeys
{
    public static string For(string brandId, Channel channel, string address) => $"{brandId}|{channel.Wire()}|{address}";
}

[JsonConverter(typeof(WireEnum<ConsentAction>))]
public enum ConsentAction
{
    /// <summary>Opt in to alerts and other messages that start contact (not marketing).</summary>
    OptIn,
    OptInMarketing,
    WithdrawMarketing,
    OptOut,
}

[JsonConverter(typeof(WireEnum<ConsentMethod>))]
public enum ConsentMethod
{
    Keyword,
    Api,
    Agent,
    Import,

    /// <summary>The channel reported it (an unsubscribe or a block); like a keyword, never from the API.</summary>
    Channel,
}

/// <summary>A change by the API, an agent or an import. No number means all the brand's numbers on the channel.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Compliance.ConsentChange")]
public sealed record ConsentChange(ConsentAction Action, ConsentMethod Method, string? NumberKey = null, string? Reason = null, string? Evidence = null);

/// <summary>
/// <see cref="Overtaken"/>: a later change (by effective time) had already set the number's opt-out, so the keyword is in the
/// trail but decided nothing, and its confirmation would be out of date.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Compliance.KeywordOutcome")]
public sealed record KeywordOutcome(bool Repeated, ConsentSnapshot After, bool Overtaken = false);

/// <summary>One number's consent; <see cref="UpdatedAt"/> is the effective time of the latest change applied to it.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Compliance.NumberConsent")]
public sealed record NumberConsent(string NumberKey, bool OptedOut, bool Alerts, bool Marketing, DateTimeOffset UpdatedAt)
{
    public ConsentSnapshot Snapshot => new(OptedOut, Alerts, Marketing);
}

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Compliance.ConsentView")]
public sealed record ConsentView(string BrandId, Channel Channel, string Address, IReadOnlyList<NumberConsent> Numbers)
{
    public ConsentSnapshot For(string numberKey) => Numbers.FirstOrDefault(n => n.NumberKey == numberKey)?.Snapshot ?? ConsentSnapshot.None;
}
