namespace Inbox.Silo.Outbound;

/// <summary>
/// Paces one number's sends so that no window of the provider's unit (a minute for ACS, a second for WhatsApp, Messenger
/// and Telegram) ever holds more than <c>limit</c> of them, as providers count, while a steady queue still gets the whole
/// limit. A token bucket alone does not do that: after an idle spell it lets its burst go and then its rate, so a sliding
/// window sees up to burst + limit. Here the bucket (the number's burst and rate) smooths the sends, and a log of the last
/// <c>limit</c> sends holds the next one until the oldest of them is a whole unit old. A send is logged when it has been
/// made (its request answered), so the provider saw it no later, whatever the network took.
/// </summary>
public sealed class SendPacer
{
    private readonly TokenBucket _bucket;
    private readonly TimeSpan _unit;
    private readonly DateTimeOffset[] _sent;
    private int _count;
    private int _oldest;

    public SendPacer(double ratePerSecond, int burst, TimeSpan unit, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ratePerSecond, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(unit, TimeSpan.Zero);
        _bucket = new TokenBucket(ratePerSecond, Math.Max(1, burst), now);
        _unit = unit;
        _sent = new DateTimeOffset[Limit(ratePerSecond, unit)];
    }

    /// <summary>The most sends one window of <paramref name="unit"/> may hold at this rate: at least one.</summary>
    public static int Limit(double ratePerSecond, TimeSpan unit) => Math.Max(1, (int)Math.Floor(ratePerSecond * unit.TotalSeconds + 1e-9));

    /// <summary>Reserves the next send and says how long to wait before making it.</summary>
    public TimeSpan Take(DateTimeOffset now)
    {
        var wait = _bucket.Take(now);
        var window = WindowWait(now);
        return window > wait ? window : wait;
    }

    /// <summary>
    /// How long until the window has room for one more send, reserving nothing. Timers count coarse milliseconds and fire
    /// up to a few of them early (measured: a text 59.999 s after the one 200 before it), so the outbox asks again on the
    /// clock after its wait and waits out whatever is left.
    /// </summary>
    public TimeSpan WindowWait(DateTimeOffset now)
    {
        if (_count < _sent.Length) return TimeSpan.Zero;
        var free = _sent[_oldest] + _unit - now;
        return free > TimeSpan.Zero ? TimeSpan.FromMilliseconds(Math.Ceiling(free.TotalMilliseconds)) : TimeSpan.Zero;
    }

    /// <summary>Logs a send that has been made (call it once its request is answered, whatever the answer).</summary>
    public void Sent(DateTimeOffset at)
    {
        if (_count < _sent.Length)
        {
            _sent[(_oldest + _count) % _sent.Length] = at;
            _count++;
            return;
        }
        _sent[_oldest] = at;
        _oldest = (_oldest + 1) % _sent.Length;
    }
}
