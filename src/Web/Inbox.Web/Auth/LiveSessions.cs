using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Inbox.Silo.Agents;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Auth;

/// <summary>Bound from "Inbox:Sessions".</summary>
public sealed class LiveSessionOptions
{
    /// <summary>How often an open page re-checks its session while nobody touches it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan CircuitCheckEvery { get; set; } = TimeSpan.FromSeconds(15);
}

public static class LiveSessionExtensions
{
    public static IServiceCollection AddLiveSessions(this IServiceCollection services)
    {
        services.AddOptions<LiveSessionOptions>().BindConfiguration("Inbox:Sessions").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, LiveSessionGuard>());
        return services;
    }
}

/// <summary>
/// A live page (a Blazor circuit) holds the session it was opened with, and lives only as long as that
/// session: each message from the browser and a periodic check ask the agent's grain. Once the session has
/// ended (sign-out, a new password, disabling, "sign out everywhere") the circuit handles nothing more, its
/// components see an anonymous user, and the browser is sent to the sign-in page.
/// </summary>
public sealed partial class LiveSessionGuard(AuthenticationStateProvider authentication, IGrainFactory grains, NavigationManager navigation,
    IOptions<LiveSessionOptions> options, TimeProvider time, ILogger<LiveSessionGuard> logger) : CircuitHandler, IDisposable
{
    private (string AgentId, string SessionId)? _session;
    private ITimer? _timer;
    private volatile bool _ended;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (user.FindFirstValue(CallerClaims.Agent) is not { } agentId || user.FindFirstValue(Sessions.SessionClaim) is not { } sessionId) return;
        _session = (agentId, sessionId);
        var every = options.Value.CircuitCheckEvery;
        _timer = time.CreateTimer(_ => _ = StillLiveAsync(), null, every, every);
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            if (await StillLiveAsync()) await next(context);
        };

    private async Task<bool> StillLiveAsync()
    {
        if (_session is not { } session) return true;
        if (_ended) return false;
        bool valid;
        try
        {
            valid = (await grains.GetGrain<IAgentGrain>(session.AgentId).CheckSession(session.SessionId)).Valid;
        }
        catch (Exception failed) when (failed is not OperationCanceledException)
        {
            LogCheckFailed(logger, session.AgentId, failed.Message);
            return true; // the next check decides; a passing failure must not throw a working agent out
        }
        if (!valid && !_ended) End(session.AgentId);
        return valid;
    }

    private void End(string agentId)
    {
        _ended = true;
        _timer?.Dispose();
        LogEnded(logger, agentId);
        if (authentication is IHostEnvironmentAuthenticationStateProvider host)
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        try
        {
            navigation.NavigateTo("login?ended=1", forceLoad: true);
        }
        catch (Exception failed) when (failed is InvalidOperationException or NavigationException)
        {
            LogCheckFailed(logger, agentId, failed.Message); // the circuit is going away already
        }
    }

    public void Dispose() => _timer?.Dispose();

    [LoggerMessage(LogLevel.Information, "A live page of agent {AgentId} was closed: its session ended")]
    private static partial void LogEnded(ILogger logger, string agentId);

    [LoggerMessage(LogLevel.Warning, "Could not check the session of agent {AgentId}'s live page: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string agentId, string reason);
}
