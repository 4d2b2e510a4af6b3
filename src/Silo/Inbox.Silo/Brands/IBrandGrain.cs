using Inbox.Actors;
using Inbox.Silo.Access;

namespace Inbox.Silo.Brands;

public interface IBrandGrain : IGrainWithStringKey
{
    Task<BrandView> Create(Caller caller, string name);

    [ReadOnly]
    Task<BrandView?> Get();

    Task<TeamView> AddTeam(Caller caller, string name);

    Task<BrandView> UpdateSettings(Caller caller, BrandSettings settings);

    /// <summary>Creates an API key for this brand; the plain key is in the result only, it is stored hashed.</summary>
    Task<CreatedApiKey> CreateApiKey(Caller caller, string name, Role role);
}

public sealed record TeamView(string Id, string Name);

/// <summary>Texts and switches a brand sets for itself; the compliance features add to these.</summary>
public sealed record BrandSettings(string? HelpText = null);

public sealed record BrandView(string Id, string Name, IReadOnlyList<TeamView> Teams, BrandSettings Settings, DateTimeOffset CreatedAt);

public sealed record CreatedApiKey(string Id, string Name, Role Role, string Key);
