using System.Security.Claims;
using Inbox.Silo.Agents;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Inbox.Web.Auth;

/// <summary>The agent's cookie names one session of their grain; the grain decides whether it is still live.</summary>
public static class Sessions
{
    public const string SessionClaim = "inbox:session";

    /// <summary>Present while an admin's reset waits for the agent to choose a password.</summary>
    public const string MustChangeClaim = "inbox:must-change";

    public static Task IssueAsync(HttpContext context, AgentView agent, string sessionId)
    {
        var identity = new ClaimsIdentity(
            [new(CallerClaims.Kind, "agent"), new(CallerClaims.Agent, agent.Id), new(ClaimTypes.Name, agent.Name), new(SessionClaim, sessionId)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>Changes the agent's password, which ends every session of theirs, and gives this request a fresh one.</summary>
    public static async Task ChangePasswordAsync(HttpContext context, IGrainFactory grains, string agentId, string current, string next)
    {
        var grain = grains.GetGrain<IAgentGrain>(agentId);
        var session = await grain.ChangePassword(current, next);
        await IssueAsync(context, (await grain.Get())!, session);
    }

    /// <summary>Ends this request's session in the grain (so a copy of the cookie is refused too) and clears the cookie.</summary>
    public static async Task EndAsync(HttpContext context, IGrainFactory grains)
    {
        var user = (await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Principal;
        if (user?.FindFirstValue(CallerClaims.Agent) is { } agentId && user.FindFirstValue(SessionClaim) is { } sessionId)
            await grains.GetGrain<IAgentGrain>(agentId).EndSession(sessionId);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Checked on every request with the cookie: a session ended anywhere (sign-out, a new password, disabling) ends here.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        if (user?.FindFirstValue(CallerClaims.Kind) != "agent") return;
        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        var check = user.FindFirstValue(CallerClaims.Agent) is { } agentId && user.FindFirstValue(SessionClaim) is { } sessionId
            ? await grains.GetGrain<IAgentGrain>(agentId).CheckSession(sessionId)
            : null;
        if (check?.Valid != true)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (check.MustChangePassword && user.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == MustChangeClaim))
            identity.AddClaim(new Claim(MustChangeClaim, "true"));
    }
}
