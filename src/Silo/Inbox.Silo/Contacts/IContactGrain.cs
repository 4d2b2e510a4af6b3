using Inbox.Silo.Access;

namespace Inbox.Silo.Contacts;

[Alias("Inbox.Silo.Contacts.IContactGrain")]
public interface IContactGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the contact with its first identity. Fails with <see cref="IdentityTakenException"/>
    /// when another contact of the brand holds that identity (two first messages raced).
    /// </summary>
    [Alias("Create")]
    Task<ContactView> Create(string brandId, ContactIdentity identity, string? name);

    [ReadOnly]
    [Alias("Get")]
    Task<ContactView?> Get();

    [Alias("Update")]
    Task<ContactView> Update(Caller caller, ContactUpdate update);
}

/// <summary>
/// How a person is reached on a channel: a phone number in E.164 (SMS and WhatsApp share it), an SMS
/// short code (its digits) or alphanumeric sender id (as sent), a Messenger PSID or a Telegram user id.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Contacts.ContactIdentity")]
public sealed record ContactIdentity(string Kind, string Value)
{
    public const string Phone = "phone";

    /// <summary>An SMS short code ("72345"): national, and it can receive, so it can be answered.</summary>
    public const string ShortCode = "shortcode";

    /// <summary>An SMS alphanumeric sender id ("CONTOSO"): it only sends.</summary>
    public const string Alphanumeric = "alphanumeric";

    public const string Messenger = "messenger";
    public const string Telegram = "telegram";
}

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Contacts.ContactView")]
public sealed record ContactView(string Id, string BrandId, string? Name, string? TimeZone, IReadOnlyList<ContactIdentity> Identities, DateTimeOffset CreatedAt);

/// <summary>A null field is left as it is; an empty time zone clears it.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Contacts.ContactUpdate")]
public sealed record ContactUpdate(string? Name = null, string? TimeZone = null);

/// <summary>Thrown by <see cref="IContactGrain.Create"/> to the number grain that raced; it crosses the call as itself.</summary>
[GenerateSerializer, Alias("Inbox.Silo.Contacts.IdentityTakenException")]
public sealed class IdentityTakenException(string message) : Exception(message);
