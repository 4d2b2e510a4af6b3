using Inbox.Silo.Access;
using Inbox.Silo.Brands;
using Inbox.Silo.Queries;

namespace Inbox.Web.Components.Workspace;

/// <summary>
/// The names an inbox page puts on ids (brands, numbers, teams, agents), for the brands the caller may see. Read once
/// when the page opens; an id it does not know is shown as it is.
/// </summary>
public sealed class InboxDirectory
{
    public InboxDirectory(IReadOnlyList<BrandListItem> brands, IReadOnlyList<NumberListItem> numbers, IReadOnlyList<(string BrandId, TeamView Team)> teams,
        IReadOnlyDictionary<string, string> agents)
    {
        Brands = brands;
        Numbers = numbers;
        Teams = teams;
        _numbers = numbers.ToDictionary(n => n.Key, StringComparer.Ordinal);
        _teams = teams.ToDictionary(t => t.Team.Id, t => t.Team.Name, StringComparer.Ordinal);
        _agents = agents;
    }

    private readonly Dictionary<string, NumberListItem> _numbers;
    private readonly Dictionary<string, string> _teams;
    private readonly IReadOnlyDictionary<string, string> _agents;

    public IReadOnlyList<BrandListItem> Brands { get; }

    public IReadOnlyList<NumberListItem> Numbers { get; }

    public IReadOnlyList<(string BrandId, TeamView Team)> Teams { get; }

    public string BrandName(string id) => Brands.FirstOrDefault(b => b.Id == id)?.Name ?? id;

    /// <summary>The number as people read it: its display form, else its address.</summary>
    public string NumberName(string key) => _numbers.TryGetValue(key, out var n) ? n.DisplayNumber ?? n.Address : key;

    public string TeamName(string? id) => id is null ? "no team" : _teams.GetValueOrDefault(id, id);

    public string AgentName(string? id) => id is null ? "nobody" : _agents.GetValueOrDefault(id, id);

    public static async Task<InboxDirectory> LoadAsync(Caller caller, DirectoryQueries directory, IGrainFactory grains)
    {
        var brands = await directory.BrandsAsync(caller);
        var numbers = new List<NumberListItem>();
        var teams = new List<(string, TeamView)>();
        var agents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var brand in brands)
        {
            numbers.AddRange(await directory.NumbersAsync(caller, brand.Id));
            foreach (var agent in await directory.AgentsAsync(caller, brand.Id)) agents[agent.Id] = agent.Name;
            if (await grains.GetGrain<IBrandGrain>(brand.Id).Get() is { } view) teams.AddRange(view.Teams.Select(t => (brand.Id, t)));
        }
        return new InboxDirectory(brands, numbers, teams, agents);
    }
}
