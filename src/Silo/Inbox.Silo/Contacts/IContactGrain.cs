using Inbox.Actors;
using Inbox.Silo.Access;

namespace Inbox.Silo.Contacts;

public interface IContactGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the contact with its first identity. Fails with <see cref="IdentityTakenException"/>
    /// when another contact of the brand holds that identity (two first messages raced).
    /// </summary>
    Task<ContactView> Create(string brandId, ContactIdentity identity, string? name);

    [ReadOnly]
    Task<ContactView?> Get();

    Task<ContactView> Update(Caller caller, ContactUpdate update);
}

/// <summary>
/// How a person is reached on a channel: a phone number in E.164 (SMS and WhatsApp share it), an SMS
/// short code (its digits) or alphanumeric sender id (as sent), a Messenger PSID or a Telegram user id.
/// </summary>
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

public sealed record ContactView(string Id, string BrandId, string? Name, string? TimeZone, IReadOnlyList<ContactIdentity> Identities, DateTimeOffset CreatedAt);

/// <summary>A null field is left as it is; an empty time zone clears it.</summary>
public sealed record ContactUpdate(string? Name = null, string? TimeZone = null);

public sealed class IdentityTakenException(string message) : Exception(message);
