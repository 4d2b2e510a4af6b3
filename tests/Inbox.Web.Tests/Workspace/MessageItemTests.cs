using Bunit;
using Inbox.Silo.Brands;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Queries;
using Inbox.Web.Components.Workspace;
using Inbox.Web.Media;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Tests.Workspace;

/// <summary>One message of a thread as the agent sees it, rendered with bUnit: no browser is needed to tell what it shows.</summary>
public sealed class MessageItemTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly BunitContext _context = new();
    private readonly string _folder = System.IO.Directory.CreateTempSubdirectory("inbox-media-").FullName;
    private readonly MediaCache _cache;
    private readonly InboxDirectory _directory = new(
        [new BrandListItem("brand", "Contoso", At)], [], Array.Empty<(string, TeamView)>(), new Dictionary<string, string> { ["agent-1"] = "Ann" });

    public MessageItemTests()
    {
        _cache = new MediaCache(Options.Create(new MediaOptions { CacheFolder = _folder }), new Environment(_folder), NullLogger<MediaCache>.Instance);
        _context.Services.AddSingleton(_cache);
    }

    private static ConversationRow Row(Channel channel) =>
        new("c1", "brand", channel, "sms:+14255550100", "contact", "Kim", "+14255550123", null, null, ConversationStatus.Open, null, 0, At, At, null);

    private static MessageView Ours(DeliveryStatus status, string text = "On its way") =>
        new("m1", "c1", 2, Direction.Outbound, AuthorKind.Agent, "agent-1", text, [], false, status, null, null, null, At);

    private IRenderedComponent<MessageItem> Render(MessageView message, Channel channel = Channel.Sms, Func<MessageView, Task>? resend = null) =>
        _context.Render<MessageItem>(p => p
            .Add(c => c.Message, message).Add(c => c.Row, Row(channel)).Add(c => c.Directory, _directory).Add(c => c.Now, At)
            .Add(c => c.Resend, resend ?? (_ => Task.CompletedTask)));

    [Theory]
    [InlineData(Channel.WhatsApp, DeliveryStatus.Read, "read")]
    [InlineData(Channel.Sms, DeliveryStatus.Read, "delivered")]
    [InlineData(Channel.Telegram, DeliveryStatus.Delivered, "sent")]
    public void AReplyShowsTheFurthestTickItsChannelReports(Channel channel, DeliveryStatus status, string tick)
    {
        var message = Render(Ours(status), channel);

        Assert.Equal(tick, message.Find(".tick").GetAttribute("aria-label"));
        Assert.Equal("Ann", message.Find(".author").TextContent);
    }

    [Fact]
    public void AMessengerReplyTheProviderOnlyAcceptedShowsNoTickItWillNeverReport()
    {
        var message = Render(Ours(DeliveryStatus.Sent), Channel.Messenger);

        Assert.Empty(message.FindAll(".tick"));
    }

    [Fact]
    public async Task AMessageThatMayHaveBeenSentSaysSoAndOffersAResend()
    {
        MessageView? resent = null;
        var failed = Ours(DeliveryStatus.Failed) with { ErrorCode = "may_have_been_sent" };
        var message = Render(failed, resend: m =>
        {
            resent = m;
            return Task.CompletedTask;
        });

        Assert.Contains("may have sent this message", message.Find(".failure").TextContent);
        await message.Find(".resend").ClickAsync(new MouseEventArgs());
        Assert.Equal("m1", resent?.Id);
    }

    [Fact]
    public void AFailureTheProviderExplainedIsShownInItsWordsWithoutAResend()
    {
        var message = Render(Ours(DeliveryStatus.Failed) with { ErrorCode = "unreachable", ErrorReason = "The handset is switched off." });

        Assert.Contains("The handset is switched off.", message.Find(".failure").TextContent);
        Assert.Empty(message.FindAll(".resend"));
        Assert.Empty(message.FindAll(".tick"));
    }

    [Fact]
    public void APrivateNoteIsMarkedAndHasNoDeliveryTick()
    {
        var note = new MessageView("n1", "c1", 3, Direction.Outbound, AuthorKind.Agent, "agent-1", "Call back after 5", [], true, DeliveryStatus.Received, null, null, null, At);

        var message = Render(note);

        Assert.Contains("note", message.Find("li").ClassList);
        Assert.Equal("Private note", message.Find(".badge").TextContent);
        Assert.Empty(message.FindAll(".tick"));
    }

    [Fact]
    public void AHeldMessageSaysUntilWhen()
    {
        var message = Render(Ours(DeliveryStatus.Queued) with { HeldUntil = At.AddHours(30) });

        Assert.Equal("Held by quiet hours until 2 Dec 15:30", message.Find(".held").TextContent);
    }

    [Fact]
    public async Task AnAttachmentTheProviderNoLongerHasSaysSoInsteadOfABrokenPicture()
    {
        var photo = new MessageView("m9", "c1", 4, Direction.Inbound, AuthorKind.Contact, null, null, [new MediaRef("image", "wamid-media")], false,
            DeliveryStatus.Received, null, null, null, At);
        _cache.KeepGone("m9", 0, "the provider deleted it after 30 days");
        var message = Render(photo);
        Assert.Equal("api/v1/messages/m9/media/0", message.Find("img").GetAttribute("src"));

        await message.Find("img").TriggerEventAsync("onerror", new Microsoft.AspNetCore.Components.Web.ErrorEventArgs());

        Assert.Contains("no longer available (the provider deleted it after 30 days)", message.Find(".media-gone").TextContent);
        Assert.Empty(message.FindAll("img"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        System.IO.Directory.Delete(_folder, recursive: true);
    }

    private sealed class Environment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";

        public string ApplicationName { get; set; } = "Inbox.Web.Tests";

        public string ContentRootPath { get; set; } = root;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
