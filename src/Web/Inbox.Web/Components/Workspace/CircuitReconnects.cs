using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Inbox.Web.Components.Workspace;

/// <summary>
/// Tells an inbox page when its browser came back after losing the circuit's connection. The server kept the page and
/// its live view meanwhile, but what the browser was sent while it was away may not all have reached it, so the page
/// reads what it shows again (notify-then-refetch is always safe, docs/live-events.md).
/// </summary>
public sealed class CircuitReconnects : CircuitHandler
{
    private bool _wasDown;

    /// <summary>Raised on the circuit's connection coming back up, not on its first connection.</summary>
    public event Func<Task>? Reconnected;

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _wasDown = true;
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (!_wasDown || Reconnected is not { } reconnected) return Task.CompletedTask;
        _wasDown = false;
        return reconnected();
    }
}
