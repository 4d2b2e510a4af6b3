using System.Text.Json.Serialization;

namespace Inbox.Silo.Access;

[JsonConverter(typeof(WireEnum<Role>))]
public enum Role
{
    Agent,
    Supervisor,
    Admin,
}

/// <summary>A caller's standing in one brand: a role, and the teams they belong to.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Access.BrandAccess")]
public sealed record BrandAccess(Role Role, IReadOnlyList<string> Teams);

/// <summary>
/// Who is asking: a signed-in agent, a brand's API key, or the instance owner. Commands that
/// need it carry one; <see cref="Visibility"/> decides what it may see and do.
/// <see cref="AllowUrgent"/> is set only for an API key an admin allowed to send urgent alerts.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable, Alias("Inbox.Silo.Access.Caller")]
public sealed record Caller(
    string Name, string? AgentId, bool IsOwner, IReadOnlyDictionary<string, BrandAccess> Brands, bool AllowUrgent = false, bool IsSystem = false)
{
    public static Caller Owner(string name = "owner") => new(name, null, true, new Dictionary<string, BrandAccess>());

    public static Caller ForApiKey(string keyName, string brandId, Role role, bool allowUrgent = false) =>
        new($"api key '{keyName}'", null, false, new Dictionary<string, BrandAccess> { [brandId] = new(role, []) }, allowUrgent);

    /// <summary>
    /// The system itself (keyword replies, jobs): it sees everything and is never shown as an author. Known by
    /// <see cref="IsSystem"/>, never by reference: a grain call hands the callee a copy.
    /// </summary>
    public static Caller System { get; } = new("system", null, true, new Dictionary<string, BrandAccess>(), IsSystem: true);

    public BrandAccess? In(string brandId) => Brands.GetValueOrDefault(brandId);
}
