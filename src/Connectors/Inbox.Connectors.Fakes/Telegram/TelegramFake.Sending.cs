using System.Text.Json.Nodes;

namespace Inbox.Connectors.Fakes.Telegram;

/// <summary>The send methods: Telegram's checks in its order of concern, then its limits, then the message.</summary>
public sealed partial class TelegramFake
{
    private const int MaxText = 4096;
    private const int MaxCaption = 1024;
    private const long MaxPhotoBytes = 10 * 1024 * 1024;

    private TelegramFakeAnswer SendMessage(BotState bot, TelegramFakeCall call)
    {
        if (call.Text("chat_id") is null) return TelegramFakeAnswer.BadRequest("chat_id is empty");
        if (call.Text("text") is not { } text) return TelegramFakeAnswer.BadRequest("message text is empty");
        if (text.Length > MaxText) return TelegramFakeAnswer.BadRequest("message is too long");
        return Deliver(bot, call, "sendmessage", null, message => TelegramFakeObjects.AddText(message, text), text);
    }

    /// <summary>The media methods: the file is a part of a multipart upload, a file_id Telegram has, or an http(s) URL Telegram fetches.</summary>
    private async Task<TelegramFakeAnswer> SendMediaAsync(BotState bot, TelegramFakeCall call, CancellationToken cancellationToken)
    {
        var kind = call.Method["send".Length..];
        if (call.Text("chat_id") is null) return TelegramFakeAnswer.BadRequest("chat_id is empty");
        var caption = call.Text("caption");
        if (caption?.Length > MaxCaption) return TelegramFakeAnswer.BadRequest("message caption is too long");

        TelegramFakeUpload? content = call.Uploads.GetValueOrDefault(kind);
        var given = call.Text(kind);
        if (content is null && given?.StartsWith("attach://", StringComparison.Ordinal) == true)
            content = call.Uploads.GetValueOrDefault(given["attach://".Length..]);
        TelegramFakeFile? existing = null;
        if (content is null && given is not null)
        {
            if (Uri.TryCreate(given, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                content = await FetchAsync(url, cancellationToken);
                if (content is null) return TelegramFakeAnswer.BadRequest("failed to get HTTP URL content");
            }
            else
            {
                lock (_gate) existing = _files.GetValueOrDefault(given);
                if (existing is null) return TelegramFakeAnswer.BadRequest("wrong file identifier/HTTP URL specified");
            }
        }
        if (content is null && existing is null) return TelegramFakeAnswer.BadRequest($"there is no {kind} in the request");
        if (content is not null && content.Content.Length == 0) return TelegramFakeAnswer.BadRequest("file must be non-empty");
        if (content is not null && content.Content.LongLength > (kind == "photo" ? MaxPhotoBytes : _options.MaxUploadBytes))
            return TelegramFakeAnswer.Error(413, "Request Entity Too Large");

        lock (_gate)
        {
            TelegramFakeFile? file = existing;
            return Deliver(bot, call, call.Method, () => file ??= Store(kind, content!.Content, content.FileName, content.ContentType), message =>
            {
                message[kind] = MediaObject(kind, file!);
                if (caption is not null) TelegramFakeObjects.AddText(message, caption, "caption");
            }, caption);
        }
    }

    /// <summary>
    /// Everything a send checks once its content is known, then the send: the chat, the person's standing with the
    /// bot, the message replied to, the limits. Runs under the lock; <paramref name="file"/> stores an upload only
    /// once the send is certain, as Telegram keeps no file of a refused message.
    /// </summary>
    private TelegramFakeAnswer Deliver(BotState bot, TelegramFakeCall call, string method, Func<TelegramFakeFile>? file, Action<JsonObject> content, string? text)
    {
        var target = call.Text("chat_id")!;
        JsonObject chat;
        long chatId;
        bool group;
        if (long.TryParse(target, System.Globalization.CultureInfo.InvariantCulture, out var id) && _groups.TryGetValue(id, out var known))
            (chat, chatId, group) = (TelegramFakeObjects.GroupChat(known), id, true);
        else if (long.TryParse(target, System.Globalization.CultureInfo.InvariantCulture, out id) && id > 0 && _customers.TryGetValue(id, out var person))
            (chat, chatId, group) = (TelegramFakeObjects.PrivateChat(person), id, false);
        else if (target.StartsWith('@') && _groups.Values.FirstOrDefault(g => string.Equals("@" + g.Title, target, StringComparison.OrdinalIgnoreCase)) is { } named)
            (chat, chatId, group) = (TelegramFakeObjects.GroupChat(named), named.Id, true);
        else return TelegramFakeAnswer.BadRequest("chat not found");

        if (!group)
        {
            var standing = bot.Relation(chatId);
            if (standing.Deactivated) return TelegramFakeAnswer.Forbidden("user is deactivated");
            if (standing.Blocked) return TelegramFakeAnswer.Forbidden("bot was blocked by the user");
            if (!standing.Started) return TelegramFakeAnswer.Forbidden("bot can't initiate conversation with a user");
        }

        var reply = call.Object("reply_parameters");
        var replyTo = reply?["message_id"] is JsonValue value && value.TryGetValue<long>(out var replied) ? replied : call.Integer("reply_to_message_id");
        JsonObject? repliedMessage = null;
        if (replyTo is { } answered && !bot.Messages.TryGetValue((chatId, answered), out repliedMessage)
            && reply?["allow_sending_without_reply"]?.GetValue<bool>() != true && !call.Flag("allow_sending_without_reply"))
            return TelegramFakeAnswer.BadRequest("message to be replied not found");

        var now = _time.GetUtcNow();
        if (Throttled(bot, chatId, group, now) is { } throttled) return throttled;

        var sentFile = file?.Invoke();
        var messageId = bot.MessageId(chatId);
        var message = TelegramFakeObjects.Message(messageId, TelegramFakeObjects.Bot(bot.Bot), chat, now);
        if (repliedMessage is not null) message["reply_to_message"] = repliedMessage.DeepClone();
        content(message);
        var markup = call.Object("reply_markup");
        if (markup is not null) message["reply_markup"] = markup.DeepClone();
        bot.Messages[(chatId, messageId)] = (JsonObject)message.DeepClone();
        foreach (var key in LimitKeys(bot, chatId, group)) _limits.Count(key.Key, now);
        var sent = new TelegramFakeSent(bot.Bot.Id, chatId, messageId, method, text, sentFile?.FileId, repliedMessage is null ? null : replyTo, markup, now);
        _sent.Add(sent);
        return TelegramFakeAnswer.Ok(message);
    }

    /// <summary>The first limit a send would break (a whole bot paused, the bot's rate, the chat's, the group's) as Telegram's 429.</summary>
    private TelegramFakeAnswer? Throttled(BotState bot, long chatId, bool group, DateTimeOffset now)
    {
        if (bot.FloodUntil > now) return TelegramFakeAnswer.TooManyRequests(TelegramFakeLimits.Seconds(bot.FloodUntil - now));
        foreach (var (key, limit, window) in LimitKeys(bot, chatId, group))
            if (_limits.Wait(key, limit, window, now) is { } wait) return TelegramFakeAnswer.TooManyRequests(TelegramFakeLimits.Seconds(wait));
        return null;
    }

    private IEnumerable<(string Key, int Limit, TimeSpan Window)> LimitKeys(BotState bot, long chatId, bool group)
    {
        yield return ($"{bot.Bot.Id}", _options.GlobalPerSecond, TimeSpan.FromSeconds(1));
        yield return ($"{bot.Bot.Id}/{chatId}", _options.PerChatPerSecond, TimeSpan.FromSeconds(1));
        if (group) yield return ($"{bot.Bot.Id}/{chatId}/minute", _options.PerGroupPerMinute, TimeSpan.FromMinutes(1));
    }

    /// <summary>The media object of a message as Telegram describes a file it holds (a photo as its sizes, one here).</summary>
    private static JsonNode MediaObject(string kind, TelegramFakeFile file)
    {
        if (kind == "photo")
            return new JsonArray(new JsonObject
            {
                ["file_id"] = file.FileId, ["file_unique_id"] = file.UniqueId, ["file_size"] = file.Size, ["width"] = 1280, ["height"] = 960,
            });
        var media = new JsonObject();
        if (kind is "video" or "audio" or "voice") media["duration"] = 1;
        if (kind == "video") { media["width"] = 1280; media["height"] = 720; }
        if (kind != "voice" && file.FileName is not null) media["file_name"] = file.FileName;
        if (file.MimeType is not null) media["mime_type"] = file.MimeType;
        media["file_id"] = file.FileId;
        media["file_unique_id"] = file.UniqueId;
        media["file_size"] = file.Size;
        return media;
    }

    /// <summary>Fetches a media URL as Telegram's servers would: through the network, a non-2xx or unreachable host giving nothing.</summary>
    private async Task<TelegramFakeUpload?> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(_options.Network(url), cancellationToken);
            if (!response.IsSuccessStatusCode) return null;
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return new TelegramFakeUpload(bytes, Path.GetFileName(url.AbsolutePath) is { Length: > 0 } name ? name : null, response.Content.Headers.ContentType?.MediaType);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private TelegramFakeAnswer AnswerCallback(BotState bot, TelegramFakeCall call)
    {
        if (call.Text("callback_query_id") is not { } id) return TelegramFakeAnswer.BadRequest("QUERY_ID_INVALID");
        if (!bot.Callbacks.TryGetValue(id, out var query) || query.Answered || _time.GetUtcNow() - query.At > TimeSpan.FromMinutes(15))
            return TelegramFakeAnswer.BadRequest("query is too old and response timeout expired or query ID is invalid");
        query.Answered = true;
        query.AnswerText = call.Text("text");
        return TelegramFakeAnswer.Ok(true);
    }

    private TelegramFakeAnswer GetFile(TelegramFakeCall call)
    {
        if (call.Text("file_id") is not { } id || !_files.TryGetValue(id, out var file)) return TelegramFakeAnswer.BadRequest("invalid file_id");
        if (file.Size > _options.MaxDownloadBytes) return TelegramFakeAnswer.BadRequest("file is too big");
        return TelegramFakeAnswer.Ok(new JsonObject
        {
            ["file_id"] = file.FileId, ["file_unique_id"] = file.UniqueId, ["file_size"] = file.Size, ["file_path"] = file.Path,
        });
    }
}
