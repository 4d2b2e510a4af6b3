using System.Collections.Concurrent;

namespace Inbox.Connectors.Telegram;

/// <summary>
/// Keeps a bot within Telegram's limits for one chat (about one message a second) and one group (20 a minute), so a
/// send that would be refused 429 is not made: the sender answers "this recipient waits" instead, and the number goes
/// on with everyone else. The bot's overall 30 a second is the number's own pacing in the outbox. One per process;
/// the decision is <see cref="Wait(IReadOnlyCollection{DateTimeOffset}, bool, DateTimeOffset)"/>, a pure function.
/// </summary>
public sealed class TelegramChatPacer
{
    public static readonly TimeSpan ChatWindow = TimeSpan.FromSeconds(1);
    public const int PerChat = 1;
    public static readonly TimeSpan GroupWindow = TimeSpan.FromMinutes(1);
    public const int PerGroup = 20;

    private readonly ConcurrentDictionary<(string Bot, long Chat), Queue<DateTimeOffset>> _sends = new();

    /// <summary>Group, supergroup and channel ids are negative; a private chat's is the person's (positive) id.</summary>
    public static bool IsGroup(long chatId) => chatId < 0;

    /// <summary>How long until one more message may go to the chat, given the bot's recent sends to it; null for now.</summary>
    public static TimeSpan? Wait(IReadOnlyCollection<DateTimeOffset> recent, bool group, DateTimeOffset now)
    {
        TimeSpan? wait = null;
        var limits = group ? new[] { (PerChat, ChatWindow), (PerGroup, GroupWindow) } : new[] { (PerChat, ChatWindow) };
        foreach (var (limit, window) in limits)
        {
            var inWindow = recent.Where(at => at > now - window).OrderBy(at => at).ToList();
            if (inWindow.Count < limit) continue;
            var until = inWindow[inWindow.Count - limit] + window - now;
            if (wait is null || until > wait) wait = until;
        }
        return wait;
    }

    /// <summary>The wait before the next message to the chat, on this process's knowledge of the bot's sends.</summary>
    public TimeSpan? Wait(string botId, long chatId, DateTimeOffset now)
    {
        if (!_sends.TryGetValue((botId, chatId), out var sends)) return null;
        lock (sends) return Wait([.. sends], IsGroup(chatId), now);
    }

    /// <summary>Whether the bot sent to the chat within the chat's own window: a 429 then is this chat's limit.</summary>
    public bool Busy(string botId, long chatId, DateTimeOffset now)
    {
        if (!_sends.TryGetValue((botId, chatId), out var sends)) return false;
        lock (sends) return sends.Any(at => at > now - ChatWindow);
    }

    /// <summary>A message went to the chat (or may have: a message that may have been sent counts too).</summary>
    public void Sent(string botId, long chatId, DateTimeOffset now)
    {
        var sends = _sends.GetOrAdd((botId, chatId), _ => new Queue<DateTimeOffset>());
        lock (sends)
        {
            sends.Enqueue(now);
            while (sends.Count > 0 && sends.Peek() <= now - GroupWindow) sends.Dequeue();
        }
        if (_sends.Count > 10_000) Forget(now);
    }

    /// <summary>Chats not written to for a minute tell nothing any more.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, sends) in _sends)
        {
            lock (sends)
            {
                if (sends.All(at => at <= now - GroupWindow)) _sends.TryRemove(key, out _);
            }
        }
    }
}
