using System.Globalization;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Inbox.Connectors.Telegram;

/// <summary>How each kind of update reads as an inbound event; null when it carries nothing Inbox keeps.</summary>
internal sealed class TelegramUpdateReader(string botId, string dedupeKey, DateTimeOffset receivedAt)
{
    /// <summary>
    /// A message, channel post or an edit of one. A group's (or channel's) message is the group's conversation, written by the
    /// member (or, for a channel or an anonymous admin, by the chat that signs it).
    /// </summary>
    public InboundEvent? Message(Message message, InboundKind kind)
    {
        var text = message.Text ?? message.Caption;
        if (kind == InboundKind.Edit)
            return text is null ? null : Event(kind, message.Chat, Sender(message), Name(message), message.EditDate ?? message.Date) with
            {
                ProviderMessageId = Id(message.Id), Text = text,
            };
        var media = Media(message);
        var place = Place(message);
        var contact = message.Contact is { } card ? Card(card) : null;
        if (text is null && media is null && place is null && contact is null) return null;
        return Event(kind, message.Chat, Sender(message), Name(message), message.Date) with
        {
            ProviderMessageId = Id(message.Id),
            Text = text,
            Media = media is null ? null : [media],
            Location = place,
            Contacts = contact is null ? null : [contact],
            ReplyToProviderMessageId = message.ReplyToMessage is { } answered ? Id(answered.Id) : null,
        };
    }

    /// <summary>A button of one of the bot's messages was pressed: its payload is the action. Telegram gives no time, so it is the receipt's.</summary>
    public InboundEvent? Callback(CallbackQuery callback)
    {
        if (callback.Message?.Chat is not { } chat) return null; // a button of an inline message: no chat to answer in
        return Event(InboundKind.Action, chat, Id(callback.From.Id), FullName(callback.From), receivedAt) with
        {
            ProviderMessageId = callback.Id, ActionPayload = callback.Data ?? callback.GameShortName,
        };
    }

    /// <summary>
    /// A reaction set, changed or taken away. Telegram lets a person keep several: they are one string, in the order given;
    /// none is the reaction taken away. A custom emoji (Premium) has no character of its own: it reads "[custom emoji]", so a
    /// reaction made only of one is not taken for a removal.
    /// </summary>
    public InboundEvent Reaction(MessageReactionUpdated reaction)
    {
        var sender = reaction.User is { } user ? Id(user.Id) : reaction.ActorChat is { } actor ? Id(actor.Id) : Id(reaction.Chat.Id);
        var name = reaction.User is { } who ? FullName(who) : reaction.ActorChat?.Title;
        var emoji = string.Concat((reaction.NewReaction ?? []).Select(r => r switch
        {
            ReactionTypeEmoji plain => plain.Emoji,
            ReactionTypePaid => "\u2B50",
            _ => "[custom emoji]",
        }));
        return Event(InboundKind.Reaction, reaction.Chat, sender, name, reaction.Date) with { ProviderMessageId = Id(reaction.MessageId), Reaction = emoji };
    }

    /// <summary>
    /// The bot was banned from the chat: in a private chat, the person blocked it (status "kicked"); other changes of its
    /// membership (unblocked, added, made admin) are not kept.
    /// </summary>
    public InboundEvent? Membership(ChatMemberUpdated member)
    {
        if (member.NewChatMember.Status is not ChatMemberStatus.Kicked || member.OldChatMember.Status is ChatMemberStatus.Kicked) return null;
        return Event(InboundKind.Block, member.Chat, Id(member.From.Id), FullName(member.From), member.Date);
    }

    private InboundEvent Event(InboundKind kind, Chat chat, string sender, string? name, DateTime date) =>
        Event(kind, chat, sender, name, new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)));

    private InboundEvent Event(InboundKind kind, Chat chat, string sender, string? name, DateTimeOffset at)
    {
        var group = chat.Type is not ChatType.Private;
        return new InboundEvent
        {
            Kind = kind,
            Channel = Channel.Telegram,
            NumberAddress = botId,
            SenderAddress = sender,
            SenderName = name,
            Chat = group ? ChatKind.Group : ChatKind.Direct,
            ChatId = group ? Id(chat.Id) : null,
            ChatTitle = group ? chat.Title ?? chat.Username : null,
            DedupeKey = dedupeKey,
            ProviderTimestamp = at,
        };
    }

    /// <summary>Who wrote: the member, or the chat that signs the message (a channel's post, an anonymous admin).</summary>
    private static string Sender(Message message) =>
        message.From is { } from ? Id(from.Id) : message.SenderChat is { } signer ? Id(signer.Id) : Id(message.Chat.Id);

    private static string? Name(Message message) => message.From is { } from ? FullName(from) : message.SenderChat?.Title ?? message.Chat.Title;

    private static string FullName(User user) => string.IsNullOrWhiteSpace(user.LastName) ? user.FirstName : $"{user.FirstName} {user.LastName}";

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The one file a message carries: of a photo, its largest size (Telegram sends every size it made, smallest first).</summary>
    private static MediaRef? Media(Message message) => message switch
    {
        { Photo: [_, ..] sizes } => sizes.MaxBy(p => (long)p.Width * p.Height) is { } photo ? new("image", photo.FileId, message.Caption, "image/jpeg", photo.FileSize) : null,
        { Document: { } file } => new("document", file.FileId, message.Caption, file.MimeType, file.FileSize, file.FileName),
        { Video: { } file } => new("video", file.FileId, message.Caption, file.MimeType, file.FileSize, file.FileName),
        { Audio: { } file } => new("audio", file.FileId, message.Caption, file.MimeType, file.FileSize, file.FileName),
        { Voice: { } file } => new("voice", file.FileId, message.Caption, file.MimeType, file.FileSize),
        { Sticker: { } file } => new("sticker", file.FileId, file.Emoji, file.IsAnimated ? "application/x-tgsticker" : file.IsVideo ? "video/webm" : "image/webp", file.FileSize),
        _ => null,
    };

    /// <summary>A venue is a named place; a bare location has only its coordinates.</summary>
    private static SharedLocation? Place(Message message) => message switch
    {
        { Venue: { } venue } => new(venue.Location.Latitude, venue.Location.Longitude, venue.Title, venue.Address),
        { Location: { } location } => new(location.Latitude, location.Longitude),
        _ => null,
    };

    private static SharedContact Card(Contact card) => new(
        string.IsNullOrWhiteSpace(card.LastName) ? card.FirstName : $"{card.FirstName} {card.LastName}", [card.PhoneNumber]);
}
