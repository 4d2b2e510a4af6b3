using System.Collections.Concurrent;

namespace Inbox.Actors;

/// <summary>
/// One timer for every waiting call: calls that do not finish at once register here and a periodic
/// scan fails the overdue ones with <see cref="TimeoutException"/>. A call cycle between
/// non-reentrant grains therefore ends instead of hanging. The grain may still run the request.
/// </summary>
internal sealed class ResponseTimeouts : IDisposable
{
    private readonly ConcurrentDictionary<Request, TimeSpan> _pending = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _default;
    private readonly ITimer _timer;

    public ResponseTimeouts(TimeProvider time, TimeSpan defaultTimeout, TimeSpan scanPeriod)
    {
        _time = time;
        _default = defaultTimeout;
        _timer = time.CreateTimer(static s => ((ResponseTimeouts)s!).Scan(), this, scanPeriod, scanPeriod);
    }

    public int Count => _pending.Count;

    public void Register(Request request, TimeSpan? timeout)
    {
        var wait = timeout ?? _default;
        request.DeadlineTicks = _time.GetUtcNow().UtcTicks + wait.Ticks;
        _pending.TryAdd(request, wait);
    }

    public void Unregister(Request request) => _pending.TryRemove(request, out _);

    private void Scan()
    {
        var now = _time.GetUtcNow().UtcTicks;
        foreach (var (request, wait) in _pending)
        {
            if (request.DeadlineTicks > now || !_pending.TryRemove(request, out _)) continue;
            request.Fail(new TimeoutException(
                $"No response within {wait} ({request.Describe()}). The request may still run; a call cycle between non-reentrant grains ends this way."));
        }
    }

    public void Dispose() => _timer.Dispose();
}
