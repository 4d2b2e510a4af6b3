using Microsoft.Extensions.Logging;

namespace Inbox.Actors;

internal sealed partial class ActivationData
{
    /// <summary>The first request of every activation: build the grain, read its state, then OnActivateAsync.</summary>
    private async Task ActivateAsync()
    {
        try
        {
            var (grain, states) = _class.Create(Catalog.Services, GrainId);
            grain.Activation = this;
            _grain = grain;
            foreach (var state in states) await state.ReadStateAsync(CancellationToken.None);
            using var timeout = new CancellationTokenSource(Catalog.Options.ActivationTimeout);
            await grain.OnActivateAsync(timeout.Token);
            lock (this) _status = Status.Valid;
        }
        catch (Exception error)
        {
            Catalog.Log.ActivationFailed(GrainId, error);
            DisposeTimers();
            // The activation never existed: the calls waiting for it fail with the reason.
            foreach (var request in Retire()) request.Fail(error);
        }
    }

    private async Task DeactivateAsync()
    {
        var reason = _deactivation!;
        try
        {
            DisposeTimers();
            using var timeout = new CancellationTokenSource(Catalog.Options.DeactivationTimeout);
            await _grain!.OnDeactivateAsync(reason, timeout.Token);
        }
        catch (Exception error)
        {
            Catalog.Log.DeactivationFailed(GrainId, error);
        }
        finally
        {
            // Calls that queued behind the deactivation go to the next activation, as Orleans forwards them.
            foreach (var request in Retire()) Catalog.Forward(GrainId, _class, request);
        }
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer(this, callback, options);
        lock (this)
        {
            if (_status > Status.Valid) throw new InvalidOperationException("A deactivating grain cannot start timers.");
            (_timers ??= []).Add(timer);
        }
        timer.Start();
        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (this) _timers?.Remove(timer);
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (this)
        {
            timers = _timers?.ToArray() ?? [];
            _timers = null;
        }
        foreach (var timer in timers) timer.Dispose();
    }

    /// <summary>Takes this activation out of service and out of the directory; returns the calls still waiting.</summary>
    private Request[] Retire()
    {
        Request[] waiting;
        lock (this)
        {
            _status = Status.Invalid;
            waiting = TakeQueuedLocked();
            _deactivated ??= new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        Catalog.Remove(this);
        _deactivated.TrySetResult();
        return waiting;
    }

    private Request[] TakeQueuedLocked()
    {
        var waiting = (_interleaving ?? []).Concat(_queue ?? []).Where(r => !r.IsCompleted).ToArray();
        _interleaving = null;
        _queue = null;
        return waiting;
    }
}
