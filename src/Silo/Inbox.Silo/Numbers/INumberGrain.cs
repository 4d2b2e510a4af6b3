using Inbox.Silo.Access;
using Inbox.Silo.Channels;

namespace Inbox.Silo.Numbers;

/// <summary>A dedicated sender, keyed by <see cref="NumberKey"/> ("sms:+14255550123").</summary>
[Alias("Inbox.Silo.Numbers.INumberGrain")]
public interface INumberGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task<NumberView> Register(Caller caller, NumberRegistration registration);

    [ReadOnly]
    [Alias("Get")]
    Task<NumberView?> Get();

    /// <summary>
    /// The conversation a sender's traffic to this number belongs to, creating the contact and the
    /// conversation on first contact; null when no brand has registered this number.
    /// </summary>
    [Alias("Route")]
    Task<ConversationTarget?> Route(string senderAddress, string? senderName);

    /// <summary>The conversation of a group chat on this number, and the member who wrote as a contact of the brand.</summary>
    [Alias("RouteGroup")]
    Task<ConversationTarget?> RouteGroup(string chatId, string? chatTitle, string senderAddress, string? senderName);

    /// <summary>Registers an approved template (WhatsApp numbers only); one per name and language.</summary>
    [Alias("AddTemplate")]
    Task<NumberView> AddTemplate(Caller caller, MessageTemplate template);
}

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Numbers.NumberRegistration")]
public sealed record NumberRegistration(
    string BrandId,
    Purpose Purpose,
    string ProviderAccount,
    string? DisplayNumber = null,
    string? DefaultTeamId = null,
    double? RatePerSecond = null,
    int? Burst = null,
    string? AutoReply = null);

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Numbers.NumberView")]
public sealed record NumberView(
    string Key,
    string BrandId,
    Channel Channel,
    string Address,
    string? DisplayNumber,
    Purpose Purpose,
    string? DefaultTeamId,
    string ProviderAccount,
    double RatePerSecond,
    int Burst,
    string? AutoReply,
    DateTimeOffset CreatedAt)
{
    public IReadOnlyList<MessageTemplate> Templates { get; init; } = [];
}

/// <summary>Everything a conversation needs to exist: passed on each call so it can start itself.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Numbers.ConversationTarget")]
public sealed record ConversationTarget(
    string ConversationId,
    string BrandId,
    string NumberKey,
    Channel Channel,
    string ContactId,
    string? ContactName,
    string ContactAddress,
    string? TeamId,
    Inbound.ChatKind Chat = Inbound.ChatKind.Direct,
    string? ChatId = null,
    string? ChatTitle = null);
