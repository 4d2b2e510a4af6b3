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

/// <summary>How a person is reached on a channel: a phone number (SMS and WhatsApp share it), a Messenger PSID or a Telegram user id.</summary>
public sealed record ContactIdentity(string Kind, string Value)
{
    public const string Phone = "phone";
    public const string Messenger = "messenger";
    public const string Telegram = "telegram";
}

public sealed record ContactView(string Id, string BrandId, string? Name, string? TimeZone, IReadOnlyList<ContactIdentity> Identities, DateTimeOffset CreatedAt);

/// <summary>A null field is left as it is; an empty time zone clears it.</summary>
public sealed record ContactUpdate(string? Name = null, string? TimeZone = null);

public sealed class IdentityTakenException(string message) : Exception(message);
