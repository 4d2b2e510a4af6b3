namespace Inbox.Connectors.Fakes.WhatsApp;

/// <summary>
/// A token bucket on the fake's clock: <paramref name="capacity"/> at most, refilled continuously at one token per
/// <paramref name="every"/>. A refused request takes nothing, as Meta counts only what it sends.
/// </summary>
internal sealed class WhatsAppFakeBucket(int capacity, TimeSpan every, DateTimeOffset now)
{
    private double _tokens = capacity;
    private DateTimeOffset _at = now;

    public bool TryTake(DateTimeOffset now)
    {
        if (now > _at)
        {
            _tokens = Math.Min(capacity, _tokens + (now - _at) / every);
            _at = now;
        }
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }
}
