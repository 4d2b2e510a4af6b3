using System.Text.Json.Serialization;
using Inbox.Silo.Access;

namespace Inbox.Silo.Accounts;

[JsonConverter(typeof(WireEnum<ProviderAccountKind>))]
public enum ProviderAccountKind
{
    MetaApp,
    WhatsAppBusinessAccount,
    MessengerPage,
    TelegramBot,
    AcsResource,

    /// <summary>A sender that comes with Inbox (the sandbox): every brand may use it.</summary>
    BuiltIn,
}

/// <summary>
/// An account at a provider that numbers send and receive through. Owned by one brand, or by the
/// instance owner (<see cref="OwnerBrandId"/> null), who may share it with named brands.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Accounts.ProviderAccountView")]
public sealed record ProviderAccountView(
    string Id, ProviderAccountKind Kind, string Name, string? OwnerBrandId, IReadOnlyList<string> SharedWith, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// What is set of the account's credentials, as hints: a secret's last 4 characters at most, an identifier
    /// (app id, page id, endpoint) in full. The secrets themselves never reach the grain unencrypted.
    /// </summary>
    public IReadOnlyDictionary<string, string> Credentials { get; init; } = new Dictionary<string, string>();

    public bool UsableBy(string brandId) => Kind == ProviderAccountKind.BuiltIn || OwnerBrandId == brandId || (OwnerBrandId is null && SharedWith.Contains(brandId));

    /// <summary>Who may see the account: the owner, and the brands that may use it.</summary>
    public bool VisibleTo(Caller caller) => caller.IsOwner || caller.Brands.Keys.Any(UsableBy);

    /// <summary>Who may change it: the owner for the instance's accounts, a brand's admin for the brand's own.</summary>
    public bool ManageableBy(Caller caller) => Kind != ProviderAccountKind.BuiltIn
        && (caller.IsOwner || OwnerBrandId is { } brand && Visibility.CanManageBrand(caller, brand));
}

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Accounts.NewProviderAccount")]
public sealed record NewProviderAccount(ProviderAccountKind Kind, string Name, string? BrandId = null, IReadOnlyList<string>? SharedWith = null);

/// <summary>A null field is left as it is.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Accounts.ProviderAccountChange")]
public sealed record ProviderAccountChange(string? Name = null, IReadOnlyList<string>? SharedWith = null);

/// <summary>
/// An account's credentials as the web host sealed them with ASP.NET Core Data Protection
/// (<see cref="Sealed"/>, null when none are set), and the hints it may show of them.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Accounts.SealedCredentials")]
public sealed record SealedCredentials(string? Sealed, IReadOnlyDictionary<string, string> Hints);

[Alias("Inbox.Silo.Accounts.IProviderAccountGrain")]
public interface IProviderAccountGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<ProviderAccountView> Create(Caller caller, NewProviderAccount account);

    [Alias("Change")]
    Task<ProviderAccountView> Change(Caller caller, ProviderAccountChange change);

    /// <summary>Replaces the sealed credentials; the caller must be one who may change the account.</summary>
    [Alias("SetCredentials")]
    Task<ProviderAccountView> SetCredentials(Caller caller, SealedCredentials credentials);

    /// <summary>The sealed credentials, for the web host to open: only ciphertext crosses the grain call.</summary>
    [ReadOnly]
    [Alias("GetSealedCredentials")]
    Task<string?> GetSealedCredentials();

    [ReadOnly]
    [Alias("Get")]
    Task<ProviderAccountView?> Get();
}
