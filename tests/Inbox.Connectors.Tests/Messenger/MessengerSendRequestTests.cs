using Inbox.Connectors.Messenger;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.Tests.Messenger;

/// <summary>The messaging type and the parts a message goes as, decided without a server.</summary>
public sealed class MessengerSendRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static OutboundMessage Message(string? text = "Hi", bool humanAgent = false, DateTimeOffset? lastInbound = null, params MediaRef[] media) =>
        new("msg_1", "msg_1", Channel.Messenger, "acc_1", "110011223344556", "6543210987654321", text, media, "conv_1", 1, Now,
            HumanAgentTag: humanAgent, LastInboundAt: lastInbound);

    [Fact]
    public void A_reply_is_a_response_and_a_human_agents_reply_is_tagged_unless_surely_inside_24_hours()
    {
        Assert.Equal(("RESPONSE", (string?)null), MessengerSendRequest.MessagingType(Message(lastInbound: Now.AddHours(-1)), Now));
        Assert.Equal(("RESPONSE", (string?)null), MessengerSendRequest.MessagingType(Message(humanAgent: true, lastInbound: Now.AddHours(-1)), Now));
        Assert.Equal(("MESSAGE_TAG", "HUMAN_AGENT"), MessengerSendRequest.MessagingType(Message(humanAgent: true, lastInbound: Now.AddHours(-23).AddMinutes(-55)), Now));
        Assert.Equal(("MESSAGE_TAG", "HUMAN_AGENT"), MessengerSendRequest.MessagingType(Message(humanAgent: true, lastInbound: Now.AddDays(-3)), Now));
        Assert.Equal(("MESSAGE_TAG", "HUMAN_AGENT"), MessengerSendRequest.MessagingType(Message(humanAgent: true), Now));
    }

    [Fact]
    public void Attachments_go_first_each_with_its_caption_and_the_text_last()
    {
        var (parts, problem) = MessengerSendRequest.Parts(Message("See above", media:
            [new MediaRef("image", "https://contoso.example/a.png", Caption: "The box"), new MediaRef("document", "inbox-media:up_1"), new MediaRef("voice", "https://contoso.example/v.ogg")]));

        Assert.Null(problem);
        Assert.Equal<MessengerSendRequest.Part>([
            new MessengerSendRequest.Part.Link("image", "https://contoso.example/a.png"), new MessengerSendRequest.Part.Text("The box"),
            new MessengerSendRequest.Part.Upload("file", "up_1"), new MessengerSendRequest.Part.Link("audio", "https://contoso.example/v.ogg"),
            new MessengerSendRequest.Part.Text("See above")], parts!);
    }

    [Fact]
    public void A_media_reference_that_is_neither_an_https_link_nor_an_upload_is_refused()
    {
        Assert.NotNull(MessengerSendRequest.Parts(Message(media: new MediaRef("image", "http://contoso.example/a.png"))).Problem);
        Assert.NotNull(MessengerSendRequest.Parts(Message(media: new MediaRef("image", "1198457212345678"))).Problem);
        Assert.NotNull(MessengerSendRequest.Parts(Message(text: "  ")).Problem);
    }

    [Fact]
    public void The_bodies_name_the_recipient_the_type_and_the_tag_as_the_send_api_does()
    {
        var tagged = MessengerSendRequest.Body("42", ("MESSAGE_TAG", "HUMAN_AGENT"), new MessengerSendRequest.Part.Text("Hi"));
        Assert.Equal("""{"recipient":{"id":"42"},"messaging_type":"MESSAGE_TAG","tag":"HUMAN_AGENT","message":{"text":"Hi"}}""", tagged.ToJsonString());
        var link = MessengerSendRequest.Body("42", ("RESPONSE", null), new MessengerSendRequest.Part.Link("image", "https://x.example/a.png"));
        Assert.Equal("""{"recipient":{"id":"42"},"messaging_type":"RESPONSE","message":{"attachment":{"type":"image","payload":{"url":"https://x.example/a.png"}}}}""", link.ToJsonString());
        Assert.Equal("""{"recipient":{"id":"42"},"sender_action":"mark_seen"}""", MessengerSendRequest.Action("42", "mark_seen").ToJsonString());
        Assert.Equal(["recipient", "messaging_type", "message"], MessengerSendRequest.UploadFields("42", ("RESPONSE", null), "file").Select(f => f.Key));
    }
}
