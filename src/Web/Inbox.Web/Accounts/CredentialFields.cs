using Inbox.Silo.Accounts;

namespace Inbox.Web.Accounts;

/// <summary>One credential an account kind takes; an identifier is shown in full, a secret by its last 4 characters.</summary>
public sealed record CredentialField(string Name, bool Secret);

/// <summary>The credentials each kind of provider account takes, by their wire names.</summary>
public static class CredentialFields
{
    public static IReadOnlyList<CredentialField> Of(ProviderAccountKind kind) => kind switch
    {
        // Meta has one active app secret; during a rotation the next one is accepted beside it, as with Event Grid's secrets.
        ProviderAccountKind.MetaApp => [new("appId", false), new("appSecret", true), new("appSecretNext", true), new("verifyToken", true)],
        // metaAppId names the Meta app that serves the account's numbers or Page: only its signed webhooks route to them.
        ProviderAccountKind.WhatsAppBusinessAccount => [new("businessAccountId", false), new("accessToken", true), new("metaAppId", false), new(AccountApiBase.Field, false)],
        ProviderAccountKind.MessengerPage => [new("pageId", false), new("pageToken", true), new("metaAppId", false), new(AccountApiBase.Field, false)],
        ProviderAccountKind.TelegramBot => [new("botToken", true), new("webhookSecretToken", true), new(AccountApiBase.Field, false)],
        // Event Grid presents one secret; during a rotation the subscription moves to the next while both are accepted.
        ProviderAccountKind.AcsResource => [new("endpoint", false), new("accessKey", true), new("eventGridSecret", true), new("eventGridSecretNext", true)],
        _ => [],
    };

    /// <summary>What may be shown of a value: an identifier in full, a secret as "…" and at most its last 4 characters (none of a short one).</summary>
    public static string Hint(CredentialField field, string value) =>
        !field.Secret ? value : value.Length >= 12 ? "…" + value[^4..] : "…";
}
