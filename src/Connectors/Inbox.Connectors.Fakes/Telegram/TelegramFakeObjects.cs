using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Inbox.Connectors.Fakes.Telegram;

/// <summary>A person who talks to the fake's bots; the same person to every bot, as on Telegram.</summary>
public sealed record TelegramFakeCustomer(long Id, string FirstName, string? LastName = null, string? Username = null, string? LanguageCode = "en");

/// <summary>A group (a supergroup unless said otherwise) the fake's bots are members of.</summary>
public sealed record TelegramFakeGroup(long Id, string Title, string Type = "supergroup");

/// <summary>
/// The Bot API's objects as the fake writes them, field by field in Telegram's order (the fixtures' order): users,
/// chats, messages and the entities Telegram finds in a text. Pure functions of their arguments.
/// </summary>
public static partial class TelegramFakeObjects
{
    public static JsonObject User(TelegramFakeCustomer person)
    {
        var user = new JsonObject { ["id"] = person.Id, ["is_bot"] = false, ["first_name"] = person.FirstName };
        if (person.LastName is not null) user["last_name"] = person.LastName;
        if (person.Username is not null) user["username"] = person.Username;
        if (person.LanguageCode is not null) user["language_code"] = person.LanguageCode;
        return user;
    }

    public static JsonObject Bot(TelegramFakeBot bot) =>
        new() { ["id"] = bot.NumericId, ["is_bot"] = true, ["first_name"] = bot.FirstName, ["username"] = bot.Username };

    /// <summary>What getMe answers: the bot's user, with the capabilities a newly made bot has.</summary>
    public static JsonObject Me(TelegramFakeBot bot)
    {
        var me = Bot(bot);
        me["can_join_groups"] = true;
        me["can_read_all_group_messages"] = false;
        me["supports_inline_queries"] = false;
        me["can_connect_to_business"] = false;
        me["has_main_web_app"] = false;
        return me;
    }

    public static JsonObject PrivateChat(TelegramFakeCustomer person)
    {
        var chat = new JsonObject { ["id"] = person.Id, ["first_name"] = person.FirstName };
        if (person.LastName is not null) chat["last_name"] = person.LastName;
        if (person.Username is not null) chat["username"] = person.Username;
        chat["type"] = "private";
        return chat;
    }

    public static JsonObject GroupChat(TelegramFakeGroup group) => new() { ["id"] = group.Id, ["title"] = group.Title, ["type"] = group.Type };

    /// <summary>A message's head: id, sender, chat and date; the caller adds its content.</summary>
    public static JsonObject Message(long messageId, JsonObject from, JsonObject chat, DateTimeOffset at) => new()
    {
        ["message_id"] = messageId, ["from"] = from, ["chat"] = chat, ["date"] = at.ToUnixTimeSeconds(),
    };

    /// <summary>
    /// The text, and the entities Telegram marks in it (a leading /command, links), with offsets and lengths in UTF-16
    /// code units as the Bot API counts them.
    /// </summary>
    public static void AddText(JsonObject message, string text, string field = "text")
    {
        message[field] = text;
        var entities = new JsonArray();
        if (Command().Match(text) is { Success: true } command)
            entities.Add(Entity(0, command.Length, "bot_command"));
        foreach (Match link in Link().Matches(text)) entities.Add(Entity(link.Index, link.Length, "url"));
        if (entities.Count > 0) message[field == "text" ? "entities" : "caption_entities"] = entities;
    }

    private static JsonObject Entity(int offset, int length, string type) => new() { ["offset"] = offset, ["length"] = length, ["type"] = type };

    /// <summary>A fresh file id in Telegram's style: a prefix naming the kind, then URL-safe base64.</summary>
    public static string FileId(string kind) => kind switch
    {
        "photo" => "AgACAgQAAxkBAA",
        "video" => "BAACAgQAAxkBAA",
        "audio" => "CQACAgQAAxkBAA",
        "voice" => "AwACAgQAAxkBAA",
        _ => "BQACAgQAAxkBAA",
    } + Random(24);

    public static string UniqueId() => "AgAD" + Random(8);

    public static string CallbackId() => string.Concat(Enumerable.Range(0, 19).Select(_ => System.Security.Cryptography.RandomNumberGenerator.GetInt32(10).ToString(CultureInfo.InvariantCulture)));

    private static string Random(int length) =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(length)).Replace('+', '-').Replace('/', '_').TrimEnd('=')[..length];

    [GeneratedRegex(@"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{5,32})?")]
    private static partial Regex Command();

    [GeneratedRegex(@"https?://[^\s]+")]
    private static partial Regex Link();
}
