using System.Text;
using Inbox.Connectors.Telegram;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;

namespace Inbox.Connectors.Tests.Telegram;

/// <summary>Each kind of update Telegram posts, byte for byte as it sends them, becomes the normalized event it means.</summary>
public sealed class TelegramUpdateTests
{
    private const string Bot = "7000000001";
    private static readonly DateTimeOffset Received = new(2024, 6, 3, 10, 0, 30, TimeSpan.Zero);

    private static InboundEvent One(string fixture)
    {
        var parsed = Assert.IsType<WebhookParse.Parsed>(TelegramUpdates.Parse(Fixture.Bytes($"Telegram/{fixture}"), Bot, Received));
        Assert.Empty(parsed.Ignored);
        return Assert.Single(parsed.Events);
    }

    private static DateTimeOffset At(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix);

    [Fact]
    public void ATextMessageInAPrivateChatIsTheCustomersMessageKeyedByBotAndUpdate()
    {
        var message = One("text.json");

        Assert.Equal((InboundKind.Message, Channel.Telegram, Bot, "987654321", ChatKind.Direct), (message.Kind, message.Channel, message.NumberAddress, message.SenderAddress, message.Chat));
        Assert.Equal(($"{Bot}:900000123", "41", At(1717408800)), (message.DedupeKey, message.ProviderMessageId, message.ProviderTimestamp));
        Assert.Equal("Bonjour, où est ma commande ? 📦 https://shop.example.test/o/1234", message.Text);
        Assert.Equal("Zoë Müller", message.SenderName);
        Assert.Equal("40", message.ReplyToProviderMessageId);
        Assert.Null(message.ChatId);
        Assert.Null(InboundChecks.Problem(message));
    }

    [Fact]
    public void APhotoIsItsLargestSizeWithItsCaption()
    {
        var message = One("photo.json");

        Assert.Equal(new MediaRef("image", "AgACAgQAAxkBAAIBlarge", "La boîte est abîmée", "image/jpeg", 98765), Assert.Single(message.Media!));
        Assert.Equal("La boîte est abîmée", message.Text);
    }

    [Theory]
    [InlineData("document.json", "document", "BQACAgQAAxkBAAIBdoc", "application/pdf", 48213L, "facture été.pdf")]
    [InlineData("audio.json", "audio", "CQACAgQAAxkBAAIBaud", "audio/mpeg", 2930412L, "track.mp3")]
    [InlineData("voice.json", "voice", "AwACAgQAAxkBAAIBvoi", "audio/ogg", 15120L, null)]
    [InlineData("video.json", "video", "BAACAgQAAxkBAAIBvid", "video/mp4", 5242880L, "unboxing.mp4")]
    [InlineData("sticker.json", "sticker", "CAACAgIAAxkBAAIBstk", "application/x-tgsticker", 31000L, null)]
    public void EachKindOfFileIsAMediaReferenceWithItsTypeSizeAndName(string fixture, string type, string fileId, string mime, long size, string? name)
    {
        var media = Assert.Single(One(fixture).Media!);

        Assert.Equal((type, fileId, mime, size, name), (media.Type, media.ProviderMediaId, media.MimeType, media.Size, media.FileName));
    }

    [Fact]
    public void ALocationAVenueAndAContactAreSharedContentNotText()
    {
        var location = One("location.json");
        var venue = One("venue.json");
        var contact = One("contact.json");

        Assert.Equal(new SharedLocation(48.85837, 2.294481), location.Location);
        Assert.Equal(new SharedLocation(48.85837, 2.294481, "Café de la Tour", "5 Av. Anatole France, Paris"), venue.Location);
        var card = Assert.Single(contact.Contacts!);
        Assert.Equal(("René Dupont", "+33612345678"), (card.Name, Assert.Single(card.Phones!)));
        Assert.All([location, venue, contact], e => Assert.Null(e.Text));
        Assert.All([location, venue, contact], e => Assert.Null(InboundChecks.Problem(e)));
    }

    [Fact]
    public void AnEditedMessageIsAnEditOfThatMessageAtItsEditTime()
    {
        var edit = One("edited.json");

        Assert.Equal((InboundKind.Edit, "41", At(1717408860), "Bonjour, où est ma commande 1234 ?", $"{Bot}:900000133"),
            (edit.Kind, edit.ProviderMessageId, edit.ProviderTimestamp, edit.Text, edit.DedupeKey));
    }

    [Fact]
    public void ACallbackQueryIsAnActionWithItsPayloadAtTheReceiptTime()
    {
        var action = One("callback.json");

        Assert.Equal((InboundKind.Action, "helpful:yes", "987654321", ChatKind.Direct, Received),
            (action.Kind, action.ActionPayload, action.SenderAddress, action.Chat, action.ProviderTimestamp));
        Assert.Equal("4382bfdwdsb323b2d9", action.ProviderMessageId);
    }

    [Fact]
    public void AGroupMessageIsTheGroupsWithTheMemberAsSender()
    {
        var message = One("group.json");

        Assert.Equal((ChatKind.Group, "-1001234567890", "Café lovers", "111222333", "Ana"),
            (message.Chat, message.ChatId, message.ChatTitle, message.SenderAddress, message.SenderName));
        Assert.Null(InboundChecks.Problem(message));
    }

    [Fact]
    public void AChannelPostIsTheChannelsConversationSignedByTheChannel()
    {
        var post = One("channel-post.json");

        Assert.Equal((InboundKind.Message, ChatKind.Group, "-1009876543210", "Contoso Nouvelles", "-1009876543210", "Soldes d’été !"),
            (post.Kind, post.Chat, post.ChatId, post.ChatTitle, post.SenderAddress, post.Text));
    }

    [Fact]
    public void AReactionNamesItsMessageAndCarriesEveryEmojiAndARemovalCarriesNone()
    {
        var reaction = One("reaction.json");
        var removed = One("reaction-removed.json");

        Assert.Equal((InboundKind.Reaction, "40", "👍❤", At(1717408813)), (reaction.Kind, reaction.ProviderMessageId, reaction.Reaction, reaction.ProviderTimestamp));
        Assert.Equal((InboundKind.Reaction, "40", ""), (removed.Kind, removed.ProviderMessageId, removed.Reaction));
        Assert.NotEqual(reaction.DedupeKey, removed.DedupeKey);
        Assert.Null(InboundChecks.Problem(removed));
    }

    [Fact]
    public void AGroupMembersCustomEmojiReactionIsTheirsInTheGroupAndNotARemoval()
    {
        var reaction = One("reaction-custom-in-group.json");

        Assert.Equal((ChatKind.Group, "-1001234567890", "111222333", "777", "[custom emoji]"),
            (reaction.Chat, reaction.ChatId, reaction.SenderAddress, reaction.ProviderMessageId, reaction.Reaction));
    }

    [Fact]
    public void TheBotKickedFromAPrivateChatIsABlock()
    {
        var block = One("kicked.json");

        Assert.Equal((InboundKind.Block, "987654321", ChatKind.Direct, At(1717408815)), (block.Kind, block.SenderAddress, block.Chat, block.ProviderTimestamp));
    }

    [Theory]
    [InlineData("unblocked.json", "my_chat_member member")]
    [InlineData("inline-query.json", "inline_query")]
    [InlineData("future-kind.json", "unknown update")]
    [InlineData("service-message.json", "message without content Inbox keeps")]
    public void AnUpdateInboxDoesNotKeepIsIgnoredByName(string fixture, string kind)
    {
        var parsed = Assert.IsType<WebhookParse.Parsed>(TelegramUpdates.Parse(Fixture.Bytes($"Telegram/{fixture}"), Bot, Received));

        Assert.Empty(parsed.Events);
        Assert.Equal([kind], parsed.Ignored);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"update_id":"nine"}""")]
    [InlineData("""{"update_id":5,"message":{"message_id":"x"}}""")]
    [InlineData("""{"update_id":5,"message":[]}""")]
    [InlineData("""{"update_id":5,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":"hi"}""")]
    public void AMalformedBodyIsAParseErrorWithItsReason(string body)
    {
        var malformed = Assert.IsType<WebhookParse.Malformed>(TelegramUpdates.Parse(Encoding.UTF8.GetBytes(body), Bot, Received));

        Assert.False(string.IsNullOrWhiteSpace(malformed.Reason));
    }
}
