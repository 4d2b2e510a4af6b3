using Inbox.Silo.Access;

namespace Inbox.Silo.Brands;

[Alias("Inbox.Silo.Brands.IBrandGrain")]
public interface IBrandGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<BrandView> Create(Caller caller, string name);

    [ReadOnly]
    [Alias("Get")]
    Task<BrandView?> Get();

    [Alias("AddTeam")]
    Task<TeamView> AddTeam(Caller caller, string name);

    [Alias("UpdateSettings")]
    Task<BrandView> UpdateSettings(Caller caller, BrandSettings settings);

    /// <summary>
    /// Creates an API key for this brand; the plain key is in the result only, it is stored hashed.
    /// <paramref name="allowUrgent"/> lets the key send alerts urgent, through quiet hours.
    /// </summary>
    [Alias("CreateApiKey")]
    Task<CreatedApiKey> CreateApiKey(Caller caller, string name, Role role, bool allowUrgent = false, DateTimeOffset? expiresAt = null);

    /// <summary>Revokes a key of this brand: 404 when the brand has no such live key.</summary>
    [Alias("RevokeApiKey")]
    Task RevokeApiKey(Caller caller, string keyId);
}

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Brands.TeamView")]
public sealed record TeamView(string Id, string Name);

/// <summary>
/// Texts and switches a brand sets for itself. Null texts use the defaults in <see cref="Compliance.KeywordReplies"/>.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Brands.BrandSettings")]
public sealed record BrandSettings
{
    /// <summary>The answer to HELP and INFO: program name, support contact, rates, how to opt out.</summary>
    public string? HelpText { get; init; }

    public string? StopReply { get; init; }

    public string? StopAllReply { get; init; }

    public string? StartReply { get; init; }

    /// <summary>Keywords always apply on SMS; on WhatsApp, Messenger and Telegram only while this is on.</summary>
    public bool KeywordsOnAllChannels { get; init; } = true;

    public Compliance.QuietHoursPolicy QuietHours { get; init; } = new();

    /// <summary>The zone used when neither the contact nor the phone number tells the recipient's.</summary>
    public string DefaultTimeZone { get; init; } = "America/New_York";

    /// <summary>A reply to a customer who wrote within this long is part of an active conversation: quiet hours do not hold it.</summary>
    public TimeSpan RecentContact { get; init; } = TimeSpan.FromHours(24);
}

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Brands.BrandView")]
public sealed record BrandView(string Id, string Name, IReadOnlyList<TeamView> Teams, BrandSettings Settings, DateTimeOffset CreatedAt);

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Brands.CreatedApiKey")]
public sealed record CreatedApiKey(string Id, string Name, Role Role, string Key, bool AllowUrgent = false, DateTimeOffset? ExpiresAt = null);

/// <summary>A key as listed: never its secret.</summary>
public sealed record ApiKeyListItem(string Id, string Name, Role Role, bool AllowUrgent, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);
