namespace Inbox.Actors;

/// <summary>
/// A one-shot <see cref="ITimer"/> re-armed after each tick completes, so ticks never overlap and the
/// period runs from the end of one tick to the start of the next. Each tick is a request of the activation.
/// </summary>
internal sealed class GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    : IGrainTimer
{
    private readonly CancellationTokenSource _disposed = new();
    private ITimer? _timer;
    private TimeSpan _dueTime = options.DueTime;
    private TimeSpan _period = options.Period;

    public void Start() => _timer = activation.Catalog.Time.CreateTimer(static s => ((GrainTimer)s!).Fire(), this, _dueTime, Timeout.InfiniteTimeSpan);

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        _period = period;
        _timer?.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        _timer?.Dispose();
        activation.RemoveTimer(this);
    }

    private void Fire()
    {
        if (_disposed.IsCancellationRequested) return;
        var tick = new ActionRequest(_ => TickAsync(), options.Interleave ? Interleave.Always : Interleave.None, options.KeepAlive);
        if (!activation.TryEnqueue(tick)) Dispose();
    }

    private async Task TickAsync()
    {
        try
        {
            await callback(_disposed.Token);
        }
        catch (Exception error) when (!_disposed.IsCancellationRequested)
        {
            activation.Catalog.Log.TimerFailed(activation.GrainId, error);
        }
        finally
        {
            if (!_disposed.IsCancellationRequested && _period != Timeout.InfiniteTimeSpan)
                _timer?.Change(_period, Timeout.InfiniteTimeSpan);
        }
    }
}
