using System.Security.Claims;
using Inbox.Silo.Agents;
using Microsoft.AspNetCore.Authorization;

namespace Inbox.Web.Auth;

/// <summary>
/// The instance owner: the owner key, or a signed-in agent whose grain says they are an owner (read
/// fresh, so a demoted owner loses the Silo page at once).
/// </summary>
public sealed class OwnerRequirement : IAuthorizationRequirement
{
    public const string Policy = "Owner";
}

public sealed class OwnerHandler(IGrainFactory grains) : AuthorizationHandler<OwnerRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OwnerRequirement requirement)
    {
        var user = context.User;
        var owner = user.FindFirstValue(CallerClaims.Kind) switch
        {
            "owner" => true,
            "agent" when user.FindFirstValue(CallerClaims.Agent) is { } agentId => await grains.GetGrain<IAgentGrain>(agentId).Get() is { IsOwner: true, Disabled: false },
            _ => false,
        };
        if (owner) context.Succeed(requirement);
    }
}
