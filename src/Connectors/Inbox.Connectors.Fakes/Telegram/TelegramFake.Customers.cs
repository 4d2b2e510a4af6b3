using System.Globalization;
using System.Text.Json.Nodes;

namespace Inbox.Connectors.Fakes.Telegram;

/// <summary>What a customer's action became: the message's id in its chat (0 for none) and the webhook's answer.</summary>
public sealed record TelegramFakeWritten(long MessageId, long UpdateId, FakeDelivery Delivery, string? CallbackQueryId = null);

/// <summary>
/// The customers' side: people writing to a bot, in private or in a group, sending files, editing, pressing a button
/// of a bot's message, blocking and unblocking the bot. Each action becomes the update Telegram would send, posted
/// to the bot's webhook (see TelegramFake.Webhooks.cs); never a shortcut around it.
/// </summary>
public sealed partial class TelegramFake
{
    /// <inheritdoc />
    public async Task<FakeDelivery> SendAsCustomerAsync(string brandAddress, string customer, string text, CancellationToken cancellationToken) =>
        (await WriteAsync(brandAddress, long.Parse(customer, CultureInfo.InvariantCulture), text, cancellationToken: cancellationToken)).Delivery;

    /// <inheritdoc />
    public IReadOnlyList<FakeOutbound> SentTo(string customer)
    {
        var chat = long.Parse(customer, CultureInfo.InvariantCulture);
        lock (_gate)
            return [.. _sent.Where(s => s.ChatId == chat).Select(s => new FakeOutbound(s.MessageId.ToString(CultureInfo.InvariantCulture), s.BotId,
                customer, s.Text, s.At, "sent"))];
    }

    /// <summary>
    /// The customer writes <paramref name="text"/> to the bot in their private chat (pressing Start first if they never
    /// had), optionally replying to a message of that chat. An unknown id becomes a person named "Customer".
    /// </summary>
    public Task<TelegramFakeWritten> WriteAsync(string botId, long customerId, string text, long? replyTo = null, CancellationToken cancellationToken = default) =>
        CustomerMessageAsync(botId, customerId, null, message => TelegramFakeObjects.AddText(message, text), replyTo, cancellationToken);

    /// <summary>The customer writes in a group the bot is in.</summary>
    public Task<TelegramFakeWritten> WriteInGroupAsync(string botId, long groupId, long customerId, string text, CancellationToken cancellationToken = default) =>
        CustomerMessageAsync(botId, customerId, groupId, message => TelegramFakeObjects.AddText(message, text), null, cancellationToken);

    /// <summary>The customer sends a file (kind photo, document, video, audio or voice) in their private chat; it is kept for getFile.</summary>
    public Task<TelegramFakeWritten> SendFileAsync(string botId, long customerId, string kind, byte[] content, string? fileName = null,
        string? mimeType = null, string? caption = null, CancellationToken cancellationToken = default)
    {
        var file = AddFile(kind, content, fileName, mimeType);
        return CustomerMessageAsync(botId, customerId, null, message =>
        {
            message[kind] = MediaObject(kind, file);
            if (caption is not null) TelegramFakeObjects.AddText(message, caption, "caption");
        }, null, cancellationToken);
    }

    /// <summary>The customer edits a message of theirs: an edited_message update with the new text and edit_date.</summary>
    public async Task<TelegramFakeWritten> EditAsync(string botId, long chatId, long messageId, string text, CancellationToken cancellationToken = default)
    {
        JsonObject edited;
        lock (_gate)
        {
            var bot = Bot(botId);
            if (!bot.Messages.TryGetValue((chatId, messageId), out var message) || message["from"]?["is_bot"]?.GetValue<bool>() != false)
                throw new ArgumentException($"Chat {chatId} has no customer message {messageId} to edit.", nameof(messageId));
            edited = (JsonObject)message.DeepClone();
            edited.Remove("text");
            edited.Remove("entities");
            edited["edit_date"] = _time.GetUtcNow().ToUnixTimeSeconds();
            TelegramFakeObjects.AddText(edited, text);
            bot.Messages[(chatId, messageId)] = (JsonObject)edited.DeepClone();
        }
        var (updateId, delivery) = await UpdateAsync(botId, "edited_message", edited, cancellationToken);
        return new TelegramFakeWritten(messageId, updateId, delivery);
    }

    /// <summary>
    /// The customer presses the inline button whose callback_data is <paramref name="data"/> on the bot's message
    /// <paramref name="messageId"/> in their private chat; Telegram sends a callback_query and the button spins until
    /// the bot answers it (answerCallbackQuery).
    /// </summary>
    public async Task<TelegramFakeWritten> PressButtonAsync(string botId, long customerId, long messageId, string data, CancellationToken cancellationToken = default)
    {
        JsonObject query;
        string id;
        lock (_gate)
        {
            var bot = Bot(botId);
            var person = _customers.GetValueOrDefault(customerId) ?? throw new ArgumentException($"No customer {customerId}.", nameof(customerId));
            if (!bot.Messages.TryGetValue((customerId, messageId), out var message))
                throw new ArgumentException($"Chat {customerId} has no message {messageId}.", nameof(messageId));
            var buttons = message["reply_markup"]?["inline_keyboard"]?.AsArray().SelectMany(row => row!.AsArray()) ?? [];
            if (!buttons.Any(b => b?["callback_data"]?.GetValue<string>() == data))
                throw new ArgumentException($"Message {messageId} has no button with callback_data '{data}'.", nameof(data));
            id = TelegramFakeObjects.CallbackId();
            bot.Callbacks[id] = new Callback(id, customerId, _time.GetUtcNow());
            query = new JsonObject
            {
                ["id"] = id, ["from"] = TelegramFakeObjects.User(person), ["message"] = message.DeepClone(),
                ["chat_instance"] = ChatInstance(bot, customerId), ["data"] = data,
            };
        }
        var (updateId, delivery) = await UpdateAsync(botId, "callback_query", query, cancellationToken);
        return new TelegramFakeWritten(messageId, updateId, delivery, id);
    }

    /// <summary>The customer blocks the bot: sends to them are refused 403, and the bot gets my_chat_member "kicked".</summary>
    public Task<TelegramFakeWritten> BlockAsync(string botId, long customerId, CancellationToken cancellationToken = default) =>
        MembershipAsync(botId, customerId, blocked: true, cancellationToken);

    /// <summary>The customer unblocks (restarts) the bot: my_chat_member "member".</summary>
    public Task<TelegramFakeWritten> UnblockAsync(string botId, long customerId, CancellationToken cancellationToken = default) =>
        MembershipAsync(botId, customerId, blocked: false, cancellationToken);

    private async Task<TelegramFakeWritten> MembershipAsync(string botId, long customerId, bool blocked, CancellationToken cancellationToken)
    {
        JsonObject change;
        lock (_gate)
        {
            var bot = Bot(botId);
            var person = Person(customerId);
            var standing = bot.Relation(customerId);
            var was = standing.Blocked ? "kicked" : "member";
            standing.Blocked = blocked;
            if (!blocked) standing.Started = true;
            var botUser = TelegramFakeObjects.Bot(bot.Bot);
            var old = new JsonObject { ["user"] = botUser.DeepClone(), ["status"] = was };
            if (was == "kicked") old["until_date"] = 0;
            var now = new JsonObject { ["user"] = botUser, ["status"] = blocked ? "kicked" : "member" };
            if (blocked) now["until_date"] = 0;
            change = new JsonObject
            {
                ["chat"] = TelegramFakeObjects.PrivateChat(person), ["from"] = TelegramFakeObjects.User(person),
                ["date"] = _time.GetUtcNow().ToUnixTimeSeconds(), ["old_chat_member"] = old, ["new_chat_member"] = now,
            };
        }
        var (updateId, delivery) = await UpdateAsync(botId, "my_chat_member", change, cancellationToken);
        return new TelegramFakeWritten(0, updateId, delivery);
    }

    private async Task<TelegramFakeWritten> CustomerMessageAsync(string botId, long customerId, long? groupId, Action<JsonObject> content, long? replyTo,
        CancellationToken cancellationToken)
    {
        JsonObject message;
        long messageId;
        lock (_gate)
        {
            var bot = Bot(botId);
            var person = Person(customerId);
            JsonObject chat;
            long chatId;
            if (groupId is { } g)
            {
                var group = _groups.GetValueOrDefault(g) ?? throw new ArgumentException($"No group {g}.", nameof(groupId));
                (chat, chatId) = (TelegramFakeObjects.GroupChat(group), g);
            }
            else
            {
                var standing = bot.Relation(customerId);
                if (standing.Blocked) throw new InvalidOperationException($"Customer {customerId} blocked bot {botId}: unblock it first.");
                standing.Started = true;
                (chat, chatId) = (TelegramFakeObjects.PrivateChat(person), customerId);
            }
            messageId = bot.MessageId(chatId);
            message = TelegramFakeObjects.Message(messageId, TelegramFakeObjects.User(person), chat, _time.GetUtcNow());
            content(message);
            if (replyTo is { } answered)
                message["reply_to_message"] = bot.Messages.TryGetValue((chatId, answered), out var replied)
                    ? replied.DeepClone() : throw new ArgumentException($"Chat {chatId} has no message {answered}.", nameof(replyTo));
            bot.Messages[(chatId, messageId)] = (JsonObject)message.DeepClone();
        }
        var (updateId, delivery) = await UpdateAsync(botId, "message", message, cancellationToken);
        return new TelegramFakeWritten(messageId, updateId, delivery);
    }

    private TelegramFakeCustomer Person(long customerId) =>
        _customers.TryGetValue(customerId, out var known) ? known : _customers[customerId] = new TelegramFakeCustomer(customerId, "Customer");

    /// <summary>A chat's chat_instance: an opaque number, the same for every callback from that chat with that bot.</summary>
    private static string ChatInstance(BotState bot, long chatId) =>
        "-" + ((ulong)HashCode.Combine(bot.Bot.NumericId, chatId) * 2654435761UL % 9_000_000_000_000UL + 1_000_000_000_000UL).ToString(CultureInfo.InvariantCulture);
}
