using Inbox.Connectors.Telegram;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.Tests.Telegram;

/// <summary>Telegram's answers mapped to the sender contract, and the checks made before anything goes out, without a server.</summary>
public sealed class TelegramSendOutcomesTests
{
    private const string Token = "7000000001:AAHfake-bot-token-for-tests-Qw3Er5Ty";

    [Fact]
    public void EachDocumentedRefusalMapsToItsOutcomeWithTheCodeKept()
    {
        Assert.Equal(new SendResult.RecipientBlocked("Forbidden: bot was blocked by the user", "403"),
            TelegramSendOutcomes.Refused(403, "Forbidden: bot was blocked by the user", null, null, false));
        Assert.Equal(new SendResult.Undeliverable("400", "Bad Request: chat not found"), TelegramSendOutcomes.Refused(400, "Bad Request: chat not found", null, null, false));
        Assert.IsType<SendResult.AuthFailed>(TelegramSendOutcomes.Refused(401, "Unauthorized", null, null, false));
        Assert.Equal("401", ((SendResult.AuthFailed)TelegramSendOutcomes.Refused(401, "Unauthorized", null, null, false)).ProviderCode);
        Assert.IsType<SendResult.AuthFailed>(TelegramSendOutcomes.Refused(404, "Not Found", null, null, false));
        Assert.Contains("never started", Assert.IsType<SendResult.Undeliverable>(
            TelegramSendOutcomes.Refused(403, "Forbidden: bot can't initiate conversation with a user", null, null, false)).Reason);
        Assert.Contains("deleted", Assert.IsType<SendResult.Undeliverable>(TelegramSendOutcomes.Refused(403, "Forbidden: user is deactivated", null, null, false)).Reason);
        Assert.Contains("-1009876543210", Assert.IsType<SendResult.Undeliverable>(
            TelegramSendOutcomes.Refused(400, "Bad Request: group chat was upgraded to a supergroup chat", null, -1009876543210, false)).Reason);
        Assert.Equal(new SendResult.Invalid("Bad Request: message is too long", "400"), TelegramSendOutcomes.Refused(400, "Bad Request: message is too long", null, null, false));
        Assert.IsType<SendResult.Transient>(TelegramSendOutcomes.Refused(500, "Internal Server Error", null, null, false));
    }

    [Fact]
    public void A429IsTheChatsOwnLimitWhenTheChatWasJustWrittenToAndTheWholeBotsOtherwiseWithRetryAfterHonoured()
    {
        Assert.Equal(new SendResult.RecipientRateLimited(TimeSpan.FromSeconds(3), "429"), TelegramSendOutcomes.Refused(429, "Too Many Requests: retry after 3", 3, null, chatBusy: true));
        Assert.Equal(new SendResult.RateLimited(TimeSpan.FromSeconds(35), "429"), TelegramSendOutcomes.Refused(429, "Too Many Requests: retry after 35", 35, null, chatBusy: false));
        Assert.Equal(new SendResult.RateLimited(TimeSpan.FromSeconds(1), "429"), TelegramSendOutcomes.Refused(429, "Too Many Requests", null, null, chatBusy: false));
    }

    [Fact]
    public void AFailureWithoutAnAnswerIsTransientOnlyIfTheRequestNeverWentOut()
    {
        Assert.IsType<SendResult.Transient>(TelegramSendOutcomes.Unanswered(false, "Connection refused"));
        Assert.IsType<SendResult.MaybeSent>(TelegramSendOutcomes.Unanswered(true, "timed out"));
    }

    [Fact]
    public void APlanRefusesAnotherBotsTokenANonChatIdNothingToSendSeveralFilesAndALongCaption()
    {
        static OutboundMessage Message(string from = "7000000001", string to = "987654321", string? text = "hi", MediaRef[]? media = null, string? replyTo = null) =>
            new("msg_1", "msg_1", Channel.Telegram, "acc_1", from, to, text, media ?? [], "conv_1", 1, DateTimeOffset.UnixEpoch, ReplyToProviderMessageId: replyTo);
        var photo = new MediaRef("image", "https://cdn.example.com/a.jpg");

        Assert.Contains("belongs to bot 7000000001", Assert.IsType<SendResult.NoSender>(TelegramBotSender.Plan(Message(from: "7000000002"), Token).Refusal).Reason);
        Assert.IsType<SendResult.NoSender>(TelegramBotSender.Plan(Message(), "no-token").Refusal);
        Assert.IsType<SendResult.Invalid>(TelegramBotSender.Plan(Message(to: "@zoe"), Token).Refusal);
        Assert.IsType<SendResult.Invalid>(TelegramBotSender.Plan(Message(text: " "), Token).Refusal);
        Assert.IsType<SendResult.Invalid>(TelegramBotSender.Plan(Message(media: [photo, photo]), Token).Refusal);
        Assert.IsType<SendResult.Invalid>(TelegramBotSender.Plan(Message(text: new string('x', 1025), media: [photo]), Token).Refusal);

        var plan = TelegramBotSender.Plan(Message(to: "-1001234567890", replyTo: "41", media: [photo]), Token);
        Assert.Null(plan.Refusal);
        Assert.Equal(("7000000001", -1001234567890L, (int?)41), (plan.BotId, plan.ChatId, plan.ReplyTo));
        Assert.Equal("sendPhoto", TelegramBotSender.MethodFor(photo));
        Assert.Equal("sendDocument", TelegramBotSender.MethodFor(new MediaRef("document", "x")));
        Assert.Null(TelegramBotSender.Plan(Message(replyTo: "wamid.x"), Token).ReplyTo); // not a Telegram message id: sent without
    }

    [Fact]
    public void ThePacerAllowsOneMessageASecondIntoAChatAndTwentyAMinuteIntoAGroup()
    {
        var now = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
        Assert.Null(TelegramChatPacer.Wait([], false, now));
        Assert.Equal(TimeSpan.FromMilliseconds(600), TelegramChatPacer.Wait([now.AddMilliseconds(-400)], false, now));
        Assert.Null(TelegramChatPacer.Wait([now.AddSeconds(-1)], false, now));

        var twenty = Enumerable.Range(0, 20).Select(i => now.AddSeconds(-50 + i * 2)).ToArray(); // the last two seconds ago
        Assert.Equal(TimeSpan.FromSeconds(10), TelegramChatPacer.Wait(twenty, true, now));
        Assert.Null(TelegramChatPacer.Wait(twenty, false, now));
        Assert.True(TelegramChatPacer.IsGroup(-1001234567890));

        var pacer = new TelegramChatPacer();
        pacer.Sent("7000000001", 5, now);
        Assert.True(pacer.Busy("7000000001", 5, now.AddMilliseconds(500)));
        Assert.NotNull(pacer.Wait("7000000001", 5, now.AddMilliseconds(500)));
        Assert.Null(pacer.Wait("7000000002", 5, now.AddMilliseconds(500)));
        Assert.Null(pacer.Wait("7000000001", 5, now.AddSeconds(1)));
    }

    [Fact]
    public void AFileTheBotMayNotDownloadIsGoneInTelegramsWords()
    {
        Assert.Contains("file is too big", Assert.IsType<Inbox.Silo.Media.MediaFetch.Gone>(TelegramMediaSource.Refused(400, "Bad Request: file is too big")).Reason);
        Assert.IsType<Inbox.Silo.Media.MediaFetch.Gone>(TelegramMediaSource.Refused(400, "Bad Request: invalid file_id"));
        Assert.IsType<Inbox.Silo.Media.MediaFetch.AuthFailed>(TelegramMediaSource.Refused(401, "Unauthorized"));
        Assert.IsType<Inbox.Silo.Media.MediaFetch.Unavailable>(TelegramMediaSource.Refused(429, "Too Many Requests: retry after 5"));
    }
}
