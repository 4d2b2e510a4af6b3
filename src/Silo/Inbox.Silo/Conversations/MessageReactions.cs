namespace Inbox.Silo.Conversations;

/// <summary>
/// Reactions are kept as the events that set, changed or took them away; what a message shows is worked out
/// from them here, as a pure rule, so the order they arrive in does not matter.
/// </summary>
public static class MessageReactions
{
    /// <summary>One reaction event as stored: the message reacted to (by provider id), who, what ("" takes it away), when, and when it came.</summary>
    public sealed record Logged(string ProviderMessageId, string ContactId, string Emoji, DateTimeOffset At, DateTimeOffset ReceivedAt);

    /// <summary>
    /// Each person's latest reaction to each message, by provider time (then by arrival, for two in the same instant):
    /// a later event replaces an earlier one, an empty one removes it, and an older event that arrives late changes nothing.
    /// </summary>
    public static Dictionary<string, List<MessageReaction>> Current(IEnumerable<Logged> log) =>
        log.GroupBy(r => (r.ProviderMessageId, r.ContactId))
            .Select(g => g.OrderBy(r => r.At).ThenBy(r => r.ReceivedAt).Last())
            .Where(r => r.Emoji.Length > 0)
            .GroupBy(r => r.ProviderMessageId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.At).Select(r => new MessageReaction(r.Emoji, r.ContactId, r.At)).ToList(), StringComparer.Ordinal);
}
