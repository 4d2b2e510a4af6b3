using Inbox.Silo;
using Inbox.Silo.Accounts;
using Inbox.Silo.Channels;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;

namespace Inbox.Web.Webhooks;

/// <summary>
/// Whether the Meta app that signed a webhook serves the WhatsApp number or Messenger Page an event names. A valid
/// signature only proves which app sent the payload; without this, any app configured here (another brand's, say)
/// could post events into every number and Page. A number's provider account (a WhatsApp business account or a
/// Messenger Page account) names its app in the <c>metaAppId</c> credential: the app's account id or configured
/// name in Inbox, or Meta's own App ID. The built-in accounts (the sandbox) take events from any known app.
/// </summary>
public sealed class MetaOwners(IGrainFactory grains, WebhookAccounts accounts, SenderDirectory senders)
{
    /// <summary>The unrouted code of an event whose number or Page belongs to another app than the one that signed it.</summary>
    public const string NotTheAppsCode = "not_the_apps_number";

    /// <summary>
    /// Why <paramref name="signer"/> may not post <paramref name="inbound"/>, or null when it may, and when there is
    /// nothing to own (no number registered, an address the processor refuses): the processor then says what it says.
    /// </summary>
    public async Task<string?> RefusalAsync(MetaApp signer, InboundEvent inbound)
    {
        if (InboundChecks.Problem(inbound) is not null) return null;
        NumberKey key;
        try
        {
            key = new NumberKey(inbound.Channel, NumberRules.CanonicalAddress(inbound.Channel, inbound.NumberAddress!));
        }
        catch (DomainException)
        {
            return null;
        }
        if (await grains.GetGrain<INumberGrain>(key.ToString()).Get() is not { } number) return null;
        if (senders.BuiltIn(number.ProviderAccount) is not null) return null;
        var kind = inbound.Channel == Channel.Messenger ? ProviderAccountKind.MessengerPage : ProviderAccountKind.WhatsAppBusinessAccount;
        var account = await accounts.FindAsync(kind, a => a.Id == number.ProviderAccount);
        var named = account?.Credentials.GetValueOrDefault(MetaAppField);
        if (string.IsNullOrEmpty(named))
            return $"{key} uses provider account {number.ProviderAccount}, which names no Meta app ({MetaAppField}); set it to the app that serves it.";
        return Owns(signer, named) ? null : $"{key} belongs to Meta app '{named}', not to '{signer.Name}', which signed this payload.";
    }

    /// <summary>The credential of a WhatsApp business account or a Messenger Page account that names its Meta app.</summary>
    public const string MetaAppField = "metaAppId";

    /// <summary>Whether an account's <c>metaAppId</c> names this app: by its name in Inbox (account id or configured name) or Meta's App ID.</summary>
    public static bool Owns(MetaApp app, string named) =>
        string.Equals(named, app.Name, StringComparison.Ordinal) || app.AppId is { Length: > 0 } id && string.Equals(named, id, StringComparison.Ordinal);
}
