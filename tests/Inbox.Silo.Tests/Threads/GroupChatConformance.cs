using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;
using Inbox.Silo.Queries;

namespace Inbox.Silo.Tests.Threads;

/// <summary>A group chat is one conversation of the number and the chat; its members are contacts; replies go to the group.</summary>
public abstract class GroupChatConformance
{
    private const string Bot = "7000000001";
    private const string Group = "-1001234567890";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task AGroupIsOneConversationWhoseMembersAreContactsApartFromTheirDirectChats()
    {
        await using var domain = await StartAsync();

        await domain.Inbound.ProcessAsync([InGroup("111", "Ana", "hello bot", "1"), InGroup("222", "Ben", "me too", "2"), Direct("111", "Ana", "just me", "3")]);

        var conversations = (await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId, Channel: Channel.Telegram), null, 50)).Items;
        Assert.Equal(2, conversations.Count);
        var group = Assert.Single(conversations, c => c.Chat == ChatKind.Group);
        Assert.Equal((Group, "Coffee lovers"), (group.ContactAddress, group.ContactName));
        var direct = Assert.Single(conversations, c => c.Chat == ChatKind.Direct);
        Assert.Equal("111", direct.ContactAddress);
        var thread = (await domain.ThreadAsync(group.Id)).Reverse().ToArray();
        Assert.Equal(["hello bot", "me too"], thread.Select(m => m.Text));
        Assert.Equal(AuthorKind.Contact, thread[0].AuthorKind);
        Assert.Equal(direct.ContactId, thread[0].AuthorId);
        Assert.NotEqual(thread[0].AuthorId, thread[1].AuthorId);
        Assert.Equal(new[] { direct.ContactId, thread[1].AuthorId! }.Order(), (await domain.Grains.GetGrain<IConversationGrain>(group.Id).Members(Caller.Owner())).Order());
    }

    [StoreFact]
    public async Task AReplyToAGroupGoesToTheGroupNotToAMember()
    {
        await using var domain = await StartAsync();
        await domain.Inbound.ProcessAsync([InGroup("111", "Ana", "hello bot", "1")]);
        var group = await domain.OnlyConversationAsync(Group);

        var reply = await domain.Grains.GetGrain<IConversationGrain>(group.Id).Send(Caller.Owner(), new Outgoing("Hello, coffee lovers"));

        await Eventually.True(() => domain.Sender.Sent.Any(s => s.MessageId == reply.Id), "sent");
        Assert.Equal(Group, domain.Sender.Sent.Single(s => s.MessageId == reply.Id).To);
    }

    [StoreFact]
    public async Task AKeywordInAGroupIsFlaggedToTheAgentNotAppliedAsConsent()
    {
        await using var domain = await StartAsync();

        await domain.Inbound.ProcessAsync([InGroup("111", "Ana", "STOP", "1")]);

        var group = await domain.OnlyConversationAsync(Group);
        var consent = await domain.Grains.GetGrain<IConsentGrain>(ConsentKeys.For(domain.BrandId, Channel.Telegram, "111")).Get();
        Assert.False(consent.For(TelegramKey).OptedOut);
        var note = Assert.Single(await domain.ThreadAsync(group.Id), m => m.Kind == MessageKind.Note);
        Assert.Contains("group", note.Text);
        await domain.SentinelAsync(TelegramKey);
        Assert.Empty(domain.Sent);
    }

    [StoreFact]
    public async Task WhereAChannelCannotReplyIntoAGroupTheComposerSaysSoAndASendIsRefused()
    {
        await using var domain = await StartAsync();
        await domain.Inbound.ProcessAsync([Domain.Message("14255550123", "hi all", channel: Channel.WhatsApp, to: Domain.WhatsAppId) with
        {
            Chat = ChatKind.Group, ChatId = "120363025246125486@g.us", ChatTitle = "Office",
        }]);
        var group = await domain.OnlyConversationAsync("120363025246125486@g.us");

        var composer = await domain.Grains.GetGrain<IConversationGrain>(group.Id).Composer(Caller.Owner());
        var refused = await Assert.ThrowsAsync<DomainException>(() => domain.Grains.GetGrain<IConversationGrain>(group.Id).Send(Caller.Owner(), new Outgoing("hello")));

        Assert.Equal((false, "group_reply_unsupported"), (composer.Reply.Allowed, composer.Reply.Code));
        Assert.Equal(("group_reply_unsupported", DomainErrorKind.Refused), (refused.Code, refused.Kind));
    }

    [StoreFact]
    public async Task AGroupEventWithoutItsChatIdIsRefusedOnItsOwn()
    {
        await using var domain = await StartAsync();

        var results = await domain.Inbound.ProcessAsync([InGroup("111", "Ana", "hello", "1") with { ChatId = null }, Direct("111", "Ana", "hi", "2")]);

        Assert.Equal([InboundOutcome.Invalid, InboundOutcome.Accepted], results.Select(r => r.Outcome));
    }

    private string TelegramKey => new NumberKey(Channel.Telegram, Bot).ToString();

    private async Task<Domain> StartAsync()
    {
        var domain = await Domain.StartAsync(Store);
        await domain.RegisterAsync(TelegramKey, new NumberRegistration(domain.BrandId, Purpose.Support, ScriptedSender.Account, DefaultTeamId: domain.TeamId));
        return domain;
    }

    private static InboundEvent InGroup(string user, string name, string text, string update) => Direct(user, name, text, update) with
    {
        Chat = ChatKind.Group, ChatId = Group, ChatTitle = "Coffee lovers",
    };

    private static InboundEvent Direct(string user, string name, string text, string update) => new()
    {
        Kind = InboundKind.Message, Channel = Channel.Telegram, NumberAddress = Bot, SenderAddress = user, SenderName = name,
        DedupeKey = $"{Bot}:{update}", ProviderMessageId = update, ProviderTimestamp = DateTimeOffset.UtcNow, Text = text,
    };
}

public sealed class SqliteGroupChats : GroupChatConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresGroupChats : GroupChatConformance
{
    protected override string Store => Stores.Postgres;
}
