namespace Inbox.Silo.Outbound;

/// <summary>
/// Paces one sender: up to <c>burst</c> sends at once, then <c>ratePerSecond</c>. <see cref="Take"/>
/// reserves the next send and says how long to wait before making it.
/// </summary>
public sealed class TokenBucket(double ratePerSecond, int burst, DateTimeOffset now)
{
    private double _tokens = burst;
    private DateTimeOffset _at = now;

    public TimeSpan Take(DateTimeOffset now)
    {
        if (now > _at)
        {
            _tokens = Math.Min(burst, _tokens + (now - _at).TotalSeconds * ratePerSecond);
            _at = now;
        }
        _tokens -= 1;
        return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / ratePerSecond);
    }
}
