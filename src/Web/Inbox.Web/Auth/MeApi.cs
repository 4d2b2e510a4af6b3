using System.Security.Claims;
using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Agents;
using Inbox.Web.Api;

namespace Inbox.Web.Auth;

/// <summary>Who am I, my password, my sessions; and an admin's reset, disable and enable of an agent.</summary>
public static class MeApi
{
    public static RouteGroupBuilder MapMe(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Account");
        me.MapGet("/", async (HttpContext context, CallerAccessor callers, IGrainFactory grains) =>
        {
            var caller = await callers.GetAsync();
            var user = context.User;
            var kind = user.FindFirstValue(CallerClaims.Kind) ?? "unknown";
            var agent = caller.AgentId is { } agentId ? await grains.GetGrain<IAgentGrain>(agentId).Get() : null;
            return new MeView(kind, caller.AgentId ?? user.FindFirstValue(CallerClaims.KeyId), caller.Name, agent?.Email, caller.IsOwner,
                caller.Brands.Select(b => new MyBrand(b.Key, b.Value.Role, b.Value.Teams)).OrderBy(b => b.BrandId, StringComparer.Ordinal).ToArray(),
                agent?.MustChangePassword ?? false, caller.AllowUrgent);
        }).WithSummary("Who the caller is: an agent, a brand's API key or the owner, with brands, roles and teams.");
        me.MapPost("/password", async (ChangePasswordBody body, HttpContext context, CallerAccessor callers, IGrainFactory grains, PasswordPolicy policy) =>
        {
            var agentId = (await callers.GetAsync()).AgentId ?? throw Refuse.Rule("not_an_agent", "Only a signed-in agent has a password.");
            var current = ApiExtensions.Required(body.CurrentPassword, "currentPassword");
            var next = policy.Ensure(body.NewPassword, "newPassword");
            await Sessions.ChangePasswordAsync(context, grains, agentId, current, next);
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent).WithSummary("Change my password: every other session of mine ends.");
        me.MapDelete("/sessions", async (HttpContext context, CallerAccessor callers, IGrainFactory grains) =>
        {
            var agentId = (await callers.GetAsync()).AgentId ?? throw Refuse.Rule("not_an_agent", "Only a signed-in agent has sessions.");
            await grains.GetGrain<IAgentGrain>(agentId).EndAllSessions();
            await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.SignOutAsync(context,
                Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent).WithSummary("Sign out everywhere: every session of mine ends, on every node.");

        var agents = api.MapGroup("/agents").WithTags("Agents");
        agents.MapPost("/{agentId}/password", async (string agentId, ResetPasswordBody body, CallerAccessor callers, IGrainFactory grains, PasswordPolicy policy) =>
        {
            var caller = await callers.GetAsync();
            await grains.GetGrain<IAgentGrain>(agentId).ResetPassword(caller, policy.Ensure(body.Password, "password"));
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent).WithSummary("An admin sets an agent's password; the agent must change it at their next sign-in.");
        agents.MapPost("/{agentId}/disable", async (string agentId, CallerAccessor callers, IGrainFactory grains) =>
            await grains.GetGrain<IAgentGrain>(agentId).SetDisabled(await callers.GetAsync(), true)).WithSummary("Disable an agent: their sessions end and they cannot sign in.");
        agents.MapPost("/{agentId}/enable", async (string agentId, CallerAccessor callers, IGrainFactory grains) =>
            await grains.GetGrain<IAgentGrain>(agentId).SetDisabled(await callers.GetAsync(), false)).WithSummary("Enable a disabled agent again.");
        return api;
    }

    /// <summary><see cref="Id"/>: the agent's id, or the API key's; null for the owner key.</summary>
    public sealed record MeView(string Kind, string? Id, string Name, string? Email, bool IsOwner, IReadOnlyList<MyBrand> Brands,
        bool MustChangePassword, bool AllowUrgent);

    public sealed record MyBrand(string BrandId, Role Role, IReadOnlyList<string> Teams);

    public sealed record ChangePasswordBody(string? CurrentPassword, string? NewPassword);

    public sealed record ResetPasswordBody(string? Password);
}
