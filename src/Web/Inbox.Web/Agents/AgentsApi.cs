using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Agents;
using Inbox.Silo.Events;
using Inbox.Silo.Queries;
using Inbox.Web.Api;
using Inbox.Web.Auth;

namespace Inbox.Web.Agents;

public static class AgentsApi
{
    public static RouteGroupBuilder MapAgents(this RouteGroupBuilder api)
    {
        api.MapGet("/brands/{brandId}/agents", async (string brandId, CallerAccessor caller, DirectoryQueries directory) =>
            await directory.AgentsAsync(await caller.GetAsync(), brandId)).WithTags("Agents");
        var agents = api.MapGroup("/agents").WithTags("Agents");
        agents.MapPost("/", async (NewAgentBody body, CallerAccessor caller, IGrainFactory grains, PasswordPolicy passwords) =>
        {
            if (body.Password is not null) passwords.Ensure(body.Password, "password");
            var me = await caller.GetAsync();
            var grain = grains.GetGrain<IAgentGrain>(Ids.New("agt"));
            var agent = await grain.Create(me, new NewAgent(ApiExtensions.Required(body.Name, "name"), ApiExtensions.Required(body.Email, "email"),
                body.Password, body.IsOwner ?? false));
            if (body.BrandId is { } brandId) agent = await grain.SetMembership(me, brandId, body.Role ?? Role.Agent, body.Teams ?? []);
            return Results.Created($"/api/v1/agents/{agent.Id}", agent);
        }).Produces<AgentView>(StatusCodes.Status201Created);
        agents.MapGet("/{agentId}", async (string agentId, CallerAccessor caller, IGrainFactory grains) =>
        {
            var me = await caller.GetAsync();
            var agent = await grains.GetGrain<IAgentGrain>(agentId).Get();
            if (agent is null || !Visibility.CanSeeAgent(me, agentId, agent.Brands.Keys)) throw Refuse.NotFound("agent", agentId);
            // Someone else's memberships show only in the brands the caller sees: where else an agent works is not theirs to know.
            return me.IsOwner || me.AgentId == agentId
                ? agent
                : agent with { Brands = agent.Brands.Where(b => Visibility.CanSeeBrand(me, b.Key)).ToDictionary() };
        });
        agents.MapPut("/{agentId}/memberships/{brandId}", async (string agentId, string brandId, MembershipBody body, CallerAccessor caller, IGrainFactory grains) =>
            await grains.GetGrain<IAgentGrain>(agentId).SetMembership(await caller.GetAsync(), brandId, ApiExtensions.Required(body.Role, "role"), body.Teams ?? []));
        agents.MapDelete("/{agentId}/memberships/{brandId}", async (string agentId, string brandId, CallerAccessor caller, IGrainFactory grains) =>
            await grains.GetGrain<IAgentGrain>(agentId).RemoveMembership(await caller.GetAsync(), brandId));
        agents.MapPut("/me/presence", async (PresenceBody body, CallerAccessor caller, IGrainFactory grains) =>
        {
            var me = await caller.GetAsync();
            if (me.AgentId is null) throw Refuse.Rule("not_an_agent", "Only a signed-in agent has a presence.");
            await grains.GetGrain<IAgentGrain>(me.AgentId).SetPresence(ApiExtensions.Required(body.Presence, "presence"));
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent);
        return api;
    }

    public sealed record NewAgentBody(string? Name, string? Email, string? Password = null, bool? IsOwner = null, string? BrandId = null, Role? Role = null, IReadOnlyList<string>? Teams = null);

    public sealed record MembershipBody(Role? Role, IReadOnlyList<string>? Teams);

    public sealed record PresenceBody(Presence? Presence);
}
