using System.Globalization;
using Inbox.Silo.Conversations;
using Inbox.Silo.Media;
using Inbox.Silo.Outbound;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace Inbox.Connectors.Telegram;

/// <summary>
/// Sends for one Telegram bot through Telegram.Bot's client at the configured API base: a text (sendMessage), or one
/// file (sendPhoto, sendDocument, sendVideo, sendAudio, sendVoice) by URL, by a file id Telegram holds, or uploaded
/// from Inbox's own store, with the text as its caption; a reply in context through reply_parameters. It keeps each
/// chat within Telegram's per-chat and per-group limits (<see cref="TelegramChatPacer"/>), never lets the client retry
/// on its own (a retry is the outbox's decision), and tells a request that cannot have reached Telegram from one that
/// may have (<see cref="TelegramRequestWritten"/>). Cheap to make for each send.
/// </summary>
public sealed class TelegramBotSender(TelegramBotConnection connection, string providerAccount, string botToken) : IChannelSender
{
    /// <summary>A caption is at most this long; a longer text with a file is refused rather than cut.</summary>
    public const int MaxCaption = 1024;

    public string ProviderAccount => providerAccount;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (Plan(message, botToken) is not { } plan) throw new InvalidOperationException("unreachable");
        if (plan.Refusal is { } refusal) return refusal;
        var now = connection.Time.GetUtcNow();
        if (connection.Pacer.Wait(plan.BotId, plan.ChatId, now) is { } wait) return new SendResult.RecipientRateLimited(wait);

        InputFile? file = null;
        if (plan.Media is { } media)
        {
            var (opened, problem) = await OpenAsync(media, cancellationToken);
            if (problem is not null) return problem;
            file = opened;
        }

        var written = new TelegramRequestWritten { InnerHandler = connection.Handlers.CreateHandler(TelegramBotConnection.HttpClientName) };
        using var http = new HttpClient(written, disposeHandler: false) { Timeout = connection.Timeout };
        var client = new TelegramBotClient(new TelegramBotClientOptions(botToken, connection.ApiBase) { RetryThreshold = 0, RetryCount = 0 }, http, cancellationToken);
        try
        {
            var sent = await SendAsync(client, plan, file, message.Text, cancellationToken);
            connection.Pacer.Sent(plan.BotId, plan.ChatId, connection.Time.GetUtcNow());
            return new SendResult.Accepted(sent.Id.ToString(CultureInfo.InvariantCulture));
        }
        catch (ApiRequestException refused)
        {
            var busy = connection.Pacer.Busy(plan.BotId, plan.ChatId, connection.Time.GetUtcNow());
            return TelegramSendOutcomes.Refused(refused.ErrorCode, refused.Message, refused.Parameters?.RetryAfter, refused.Parameters?.MigrateToChatId, busy);
        }
        catch (RequestException failed) when (!cancellationToken.IsCancellationRequested)
        {
            var outcome = TelegramSendOutcomes.Unanswered(written.Written, failed.InnerException?.Message ?? failed.Message);
            if (outcome is SendResult.MaybeSent) connection.Pacer.Sent(plan.BotId, plan.ChatId, connection.Time.GetUtcNow());
            return outcome;
        }
    }

    /// <summary>What a message asks Telegram for, decided before anything goes out; or why it cannot be sent at all.</summary>
    public sealed record SendPlan(string BotId, long ChatId, int? ReplyTo, MediaRef? Media, SendResult? Refusal);

    /// <summary>
    /// The checks made without Telegram: the token names the number's own bot (so a message never leaves from another
    /// bot), the chat is a Telegram chat id, there is something to send, at most one file, a caption that fits.
    /// </summary>
    public static SendPlan Plan(OutboundMessage message, string botToken)
    {
        var colon = botToken.IndexOf(':');
        var botId = colon > 0 ? botToken[..colon] : "";
        SendPlan Refuse(SendResult why) => new(botId, 0, null, null, why);
        if (botId.Length == 0 || !botId.All(char.IsAsciiDigit))
            return Refuse(new SendResult.NoSender($"The botToken of Telegram account '{message.ProviderAccount}' is not a bot token (digits, a colon, then the secret part)"));
        if (botId != message.From)
            return Refuse(new SendResult.NoSender($"The botToken of Telegram account '{message.ProviderAccount}' belongs to bot {botId}, not to bot {message.From} this message is from"));
        if (!long.TryParse(message.To, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chat))
            return Refuse(new SendResult.Invalid($"'{message.To}' is not a Telegram chat id"));
        if (message.Media.Count > 1) return Refuse(new SendResult.Invalid("Telegram takes one file per message here; send each file as its own message"));
        var media = message.Media.Count == 1 ? message.Media[0] : null;
        if (media is null && string.IsNullOrWhiteSpace(message.Text)) return Refuse(new SendResult.Invalid("The message has neither text nor a file"));
        if (media is not null && message.Text?.Length > MaxCaption)
            return Refuse(new SendResult.Invalid($"A file's caption is at most {MaxCaption} characters on Telegram; send the text as a message of its own"));
        int? replyTo = int.TryParse(message.ReplyToProviderMessageId, NumberStyles.None, CultureInfo.InvariantCulture, out var answered) ? answered : null;
        return new SendPlan(botId, chat, replyTo, media, null);
    }

    /// <summary>The Bot API method a file goes by, from the kind Inbox stores.</summary>
    public static string MethodFor(MediaRef media) => media.Type switch
    {
        "image" => "sendPhoto",
        "video" => "sendVideo",
        "audio" => "sendAudio",
        "voice" => "sendVoice",
        _ => "sendDocument",
    };

    private static async Task<Message> SendAsync(TelegramBotClient client, SendPlan plan, InputFile? file, string? text, CancellationToken cancellationToken)
    {
        // A reply whose original is gone (deleted) still goes out, as a plain message.
        ReplyParameters? reply = plan.ReplyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null;
        var caption = string.IsNullOrEmpty(text) ? null : text;
        if (file is null) return await client.SendMessage(plan.ChatId, text!, replyParameters: reply, cancellationToken: cancellationToken);
        return MethodFor(plan.Media!) switch
        {
            "sendPhoto" => await client.SendPhoto(plan.ChatId, file, caption, replyParameters: reply, cancellationToken: cancellationToken),
            "sendVideo" => await client.SendVideo(plan.ChatId, file, caption, replyParameters: reply, cancellationToken: cancellationToken),
            "sendAudio" => await client.SendAudio(plan.ChatId, file, caption, replyParameters: reply, cancellationToken: cancellationToken),
            "sendVoice" => await client.SendVoice(plan.ChatId, file, caption, replyParameters: reply, cancellationToken: cancellationToken),
            _ => await client.SendDocument(plan.ChatId, file, caption, replyParameters: reply, cancellationToken: cancellationToken),
        };
    }

    /// <summary>The file to send: an upload opened from Inbox's store, a link Telegram fetches, or a file id Telegram holds.</summary>
    private async Task<(InputFile? File, SendResult? Problem)> OpenAsync(MediaRef media, CancellationToken cancellationToken)
    {
        if (IOutboundMedia.UploadId(media.ProviderMediaId) is { } upload)
        {
            if (connection.Uploads is null) return (null, new SendResult.Invalid("This instance keeps no uploaded files to send"));
            if (await connection.Uploads.OpenAsync(upload, cancellationToken) is not { } stored)
                return (null, new SendResult.Invalid($"The uploaded file {upload} is gone"));
            return (InputFile.FromStream(new MemoryStream(stored.Content, writable: false), stored.FileName ?? media.FileName ?? "file"), null);
        }
        if (Uri.TryCreate(media.ProviderMediaId, UriKind.Absolute, out var url) && url.Scheme is "https" or "http")
            return (InputFile.FromUri(url), null);
        return (InputFile.FromFileId(media.ProviderMediaId), null);
    }
}
