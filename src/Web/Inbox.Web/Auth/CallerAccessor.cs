using System.Security.Claims;
using Inbox.Silo.Access;
using Inbox.Silo.Agents;

namespace Inbox.Web.Auth;

public static class CallerClaims
{
    public const string Kind = "inbox:kind";
    public const string Brand = "inbox:brand";
    public const string KeyId = "inbox:key";
    public const string Agent = "inbox:agent";

    /// <summary>Present, "true", on an API key an admin allowed to send urgent alerts.</summary>
    public const string AllowUrgent = "inbox:urgent";
}

/// <summary>The <see cref="Caller"/> behind the current request; an agent's rights are read fresh from their grain.</summary>
public sealed class CallerAccessor(IHttpContextAccessor http, IGrainFactory grains)
{
    private Caller? _caller;

    public async Task<Caller> GetAsync()
    {
        if (_caller is not null) return _caller;
        var user = http.HttpContext?.User ?? throw new InvalidOperationException("No request.");
        _caller = await ResolveAsync(user, grains) ?? throw new UnauthorizedAccessException("The signed-in agent no longer exists.");
        return _caller;
    }

    /// <summary>The caller behind a principal (a request's, or a hub connection's); null for an agent who no longer exists or was disabled.</summary>
    public static async Task<Caller?> ResolveAsync(ClaimsPrincipal user, IGrainFactory grains) => user.FindFirstValue(CallerClaims.Kind) switch
    {
        "owner" => Caller.Owner(),
        "apikey" => Caller.ForApiKey(user.FindFirstValue(ClaimTypes.Name)!, user.FindFirstValue(CallerClaims.Brand)!,
            Enum.Parse<Role>(user.FindFirstValue(ClaimTypes.Role)!), user.FindFirstValue(CallerClaims.AllowUrgent) == "true"),
        "agent" => await grains.GetGrain<IAgentGrain>(user.FindFirstValue(CallerClaims.Agent)!).AsCaller(),
        _ => null,
    };
}
