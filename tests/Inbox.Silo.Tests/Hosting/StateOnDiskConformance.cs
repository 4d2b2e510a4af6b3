using Inbox.Silo.Access;
using Inbox.Silo.Agents;
using Inbox.Silo.Brands;

namespace Inbox.Silo.Tests.Hosting;

/// <summary>
/// A data folder from the release before Orleans reads back: the same service id, grain type names pinned to
/// the ones our runtime stored ("Brand", "Agent": the class name without "Grain") and the same JSON.
/// </summary>
public abstract class StateOnDiskConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task ABrandAndAnAgentTheOldRuntimeStoredAreReadByTheirOrleansGrains()
    {
        await using var domain = await Domain.StartAsync(Store);
        var (brandId, agentId) = (Ids.New("brd"), Ids.New("agt"));
        // Exactly as Inbox.Actors wrote them: System.Text.Json with web defaults, enums by name, times in ISO 8601.
        await WriteOldRowAsync(domain, "Brand", brandId, "brand", """
            {"format":1,"name":"Fabrikam","teams":[{"id":"team_old","name":"Billing"}],
             "settings":{"helpText":"Text HELP for help","stopReply":null,"stopAllReply":null,"startReply":null,"keywordsOnAllChannels":true,
                         "quietHours":{"from":"09:00:00","until":"20:00:00","days":null},"defaultTimeZone":"Europe/London","recentContact":"12:00:00"},
             "createdAt":"2026-10-01T08:30:00+00:00"}
            """);
        await WriteOldRowAsync(domain, "Agent", agentId, "agent", $$$"""
            {"format":1,"name":"Old Agent","email":"old@fabrikam.test","passwordHash":null,"isOwner":false,"presence":"Away",
             "brands":{"{{{brandId}}}":{"role":"Supervisor","teams":["team_old"]}},"disabled":false,"mustChangePassword":false,"sessions":{}}
            """);

        var brand = await domain.Grains.GetGrain<IBrandGrain>(brandId).Get();
        Assert.NotNull(brand);
        Assert.Equal(("Fabrikam", "Billing", "Europe/London", new TimeOnly(9, 0), TimeSpan.FromHours(12)),
            (brand.Name, brand.Teams.Single().Name, brand.Settings.DefaultTimeZone, brand.Settings.QuietHours.From, brand.Settings.RecentContact));
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 8, 30, 0, TimeSpan.Zero), brand.CreatedAt);

        var agent = await domain.Grains.GetGrain<IAgentGrain>(agentId).Get();
        Assert.NotNull(agent);
        Assert.Equal(("Old Agent", Events.Presence.Away, Role.Supervisor), (agent.Name, agent.Presence, agent.Brands[brandId].Role));

        // And the grain writes on over the old row's version.
        var team = await domain.Grains.GetGrain<IBrandGrain>(brandId).AddTeam(Caller.Owner(), "Sales");
        Assert.Contains(team, (await domain.Grains.GetGrain<IBrandGrain>(brandId).Get())!.Teams);
    }

    private static Task WriteOldRowAsync(Domain domain, string grainType, string key, string stateName, string json)
    {
        var store = domain.Cluster.Service<StateStore>();
        return store.CommitAsync([new SqlWrite(
            "INSERT INTO grain_state (service_id, grain_type, grain_key, state_name, payload, version, modified_at) VALUES ($1, $2, $3, $4, $5, 3, $6)",
            store.ServiceId, grainType, key, stateName, json, 1_764_000_000_000L)
        {
            Postgres = "INSERT INTO grain_state (service_id, grain_type, grain_key, state_name, payload, version, modified_at) VALUES ($1, $2, $3, $4, $5::jsonb, 3, to_timestamp($6 / 1000.0))",
        }]);
    }
}

public sealed class SqliteStateOnDisk : StateOnDiskConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresStateOnDisk : StateOnDiskConformance
{
    protected override string Store => Stores.Postgres;
}
