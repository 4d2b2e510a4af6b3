using System.Globalization;
using System.Text.Json;
using Inbox.Silo.Inbound;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Inbox.Connectors.Telegram;

/// <summary>
/// A Telegram webhook body (one <c>Update</c>) as normalized inbound events, as a pure function of the bytes. It is read
/// with Telegram.Bot's own types and options (<see cref="JsonBotAPI.Options"/>), so the mapping follows the Bot API's
/// names rather than a second copy of them. The dedupe key is the bot's id and the update_id (update ids are the bot's
/// own sequence); a message's provider id is its message_id, unique within its chat, which is one conversation.
/// </summary>
public static class TelegramUpdates
{
    /// <summary>
    /// Parses <paramref name="body"/>, posted to <paramref name="botId"/>'s webhook. <paramref name="receivedAt"/> stands in
    /// for the provider's time where the update has none (a callback query).
    /// </summary>
    public static WebhookParse Parse(ReadOnlySpan<byte> body, string botId, DateTimeOffset receivedAt)
    {
        Update? update;
        try
        {
            update = JsonSerializer.Deserialize<Update>(body, JsonBotAPI.Options);
        }
        catch (Exception error) when (error is JsonException or NotSupportedException or InvalidOperationException or FormatException or ArgumentException)
        {
            return new WebhookParse.Malformed($"The body is not a Telegram update: {error.Message}");
        }
        if (update is null) return new WebhookParse.Malformed("The body is JSON null, not a Telegram update.");
        if (update.Id <= 0) return new WebhookParse.Malformed("The update has no update_id.");
        var read = new TelegramUpdateReader(botId, $"{botId}:{update.Id.ToString(CultureInfo.InvariantCulture)}", receivedAt);
        var inbound = update switch
        {
            { Message: { } message } => read.Message(message, InboundKind.Message),
            { ChannelPost: { } post } => read.Message(post, InboundKind.Message),
            { EditedMessage: { } edited } => read.Message(edited, InboundKind.Edit),
            { EditedChannelPost: { } edited } => read.Message(edited, InboundKind.Edit),
            { CallbackQuery: { } callback } => read.Callback(callback),
            { MessageReaction: { } reaction } => read.Reaction(reaction),
            { MyChatMember: { } member } => read.Membership(member),
            _ => null,
        };
        return inbound is null
            ? new WebhookParse.Parsed([], [Ignored(update)])
            : new WebhookParse.Parsed([inbound], []);
    }

    /// <summary>The name an update Inbox does not keep is logged under: the Bot API's field ("inline_query"), or what was missing.</summary>
    private static string Ignored(Update update) => update switch
    {
        { Message: not null } or { ChannelPost: not null } => "message without content Inbox keeps",
        { EditedMessage: not null } or { EditedChannelPost: not null } => "edit without text",
        { MyChatMember: { } member } => $"my_chat_member {member.NewChatMember.Status.ToString().ToLowerInvariant()}",
        { Type: UpdateType.Unknown } => "unknown update",
        _ => JsonNamingPolicy.SnakeCaseLower.ConvertName(update.Type.ToString()),
    };
}
