using System.Text;
using System.Text.Json;
using Inbox.Connectors.WhatsApp;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.Tests.WhatsApp;

/// <summary>The <c>/messages</c> bodies the sender writes, and what it refuses before anything goes out.</summary>
public sealed class WhatsAppRequestsTests
{
    public static OutboundMessage Message(string? text, IReadOnlyList<MediaRef>? media = null, TemplateUse? template = null, string? replyTo = null) =>
        new("msg_1", "msg_1", Channel.WhatsApp, "acc_1", "106540352242922", "+14255550123", text, media ?? [], "conv_1", 1, DateTimeOffset.UnixEpoch,
            template, ReplyToProviderMessageId: replyTo);

    private static JsonElement Body(OutboundMessage message, WhatsAppMediaUse? media = null)
    {
        var (body, invalid) = WhatsAppRequests.Message(message, media);
        Assert.Null(invalid);
        return JsonDocument.Parse(body!).RootElement.Clone();
    }

    [Fact]
    public void AReplyIsTextInContextToTheWaId()
    {
        var body = Body(Message("Caf\u00e9 ships today", replyTo: "wamid.IN1"));

        Assert.Equal("whatsapp", body.GetProperty("messaging_product").GetString());
        Assert.Equal("14255550123", body.GetProperty("to").GetString());
        Assert.Equal("text", body.GetProperty("type").GetString());
        Assert.Equal("Café ships today", body.GetProperty("text").GetProperty("body").GetString());
        Assert.Equal("wamid.IN1", body.GetProperty("context").GetProperty("message_id").GetString());
        Assert.False(Body(Message("no reply")).TryGetProperty("context", out _));
    }

    [Fact]
    public void ATemplateNamesItsLanguageAndBodyParametersInOrder()
    {
        var body = Body(Message("Hi Ana, …", template: new TemplateUse("order_update", "en_US", ["Ana", "#1234"])));

        Assert.Equal("template", body.GetProperty("type").GetString());
        var template = body.GetProperty("template");
        Assert.Equal(("order_update", "en_US"), (template.GetProperty("name").GetString(), template.GetProperty("language").GetProperty("code").GetString()));
        var parameters = template.GetProperty("components")[0].GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("text").GetString());
        Assert.Equal(["Ana", "#1234"], parameters);
        Assert.False(Body(Message(null, template: new TemplateUse("hello", "en_US", []))).GetProperty("template").TryGetProperty("components", out _));
    }

    [Fact]
    public void MediaGoesByLinkOrIdWithTheTextAsCaption()
    {
        var document = Body(Message("Your receipt", [new MediaRef("document", "inbox-media:up_1", FileName: "receipt.pdf")]), WhatsAppMediaUse.ById("4490"));
        Assert.Equal("document", document.GetProperty("type").GetString());
        Assert.Equal(("4490", "Your receipt", "receipt.pdf"), (document.GetProperty("document").GetProperty("id").GetString(),
            document.GetProperty("document").GetProperty("caption").GetString(), document.GetProperty("document").GetProperty("filename").GetString()));

        var voice = Body(Message(null, [new MediaRef("voice", "https://cdn.example/v.ogg")]), WhatsAppMediaUse.ByLink("https://cdn.example/v.ogg"));
        Assert.Equal("audio", voice.GetProperty("type").GetString());
        Assert.Equal("https://cdn.example/v.ogg", voice.GetProperty("audio").GetProperty("link").GetString());
        Assert.False(voice.GetProperty("audio").TryGetProperty("caption", out _));
    }

    [Theory]
    [InlineData(null, 0, "neither text")]
    [InlineData("   ", 0, "neither text")]
    [InlineData("two", 2, "one attachment")]
    public void WhatWhatsAppCannotCarryIsRefusedBeforeSending(string? text, int media, string reason)
    {
        var (body, invalid) = WhatsAppRequests.Message(Message(text, Enumerable.Range(0, media).Select(i => new MediaRef("image", $"https://x.example/{i}.jpg")).ToArray()));

        Assert.Null(body);
        Assert.Contains(reason, invalid!.Reason);
    }

    [Fact]
    public void TooLongACaptionOrTextAndACaptionOnAudioAreRefused()
    {
        Assert.Contains("4096", WhatsAppRequests.Problem(Message(new string('a', 4097))));
        Assert.Null(WhatsAppRequests.Problem(Message(new string('a', 4096))));
        Assert.Contains("1024", WhatsAppRequests.Problem(Message(new string('a', 1025), [new MediaRef("image", "https://x.example/a.jpg")])));
        Assert.Contains("no caption", WhatsAppRequests.Problem(Message("listen", [new MediaRef("audio", "https://x.example/a.ogg")])));
    }

    [Fact]
    public void MarkReadIsTheStatusBody()
    {
        Assert.Equal("""{"messaging_product":"whatsapp","status":"read","message_id":"wamid.IN1"}""", Encoding.UTF8.GetString(WhatsAppRequests.MarkRead("wamid.IN1")));
    }
}
