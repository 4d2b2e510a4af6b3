namespace Inbox.Connectors.Fakes.Telegram;

/// <summary>
/// Telegram's send limits as sliding windows on the fake's own clock: at most so many messages in any window of the
/// given length, counted per key (a chat, a group, a whole bot). A refused send takes nothing, as Telegram counts what
/// it delivers; the wait a refusal names is until the oldest send in the window leaves it, rounded up to whole seconds
/// as retry_after is. Not thread-safe: the fake calls it under its lock.
/// </summary>
public sealed class TelegramFakeLimits
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _sends = new(StringComparer.Ordinal);

    /// <summary>How long until <paramref name="key"/> may send again, or null when it may now.</summary>
    public TimeSpan? Wait(string key, int limit, TimeSpan window, DateTimeOffset now)
    {
        if (!_sends.TryGetValue(key, out var sends)) return null;
        while (sends.Count > 0 && sends.Peek() <= now - window) sends.Dequeue();
        return sends.Count < limit ? null : sends.Peek() + window - now;
    }

    public void Count(string key, DateTimeOffset now)
    {
        if (!_sends.TryGetValue(key, out var sends)) _sends[key] = sends = new Queue<DateTimeOffset>();
        sends.Enqueue(now);
    }

    /// <summary>retry_after in whole seconds, never 0 (Telegram never asks to retry after nothing).</summary>
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
