using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Inbox.Silo.Inbound;

namespace Inbox.Silo.Tests.Threads;

/// <summary>
/// A customer's reaction attaches to the message it names and shows there, latest first wins; it is not the customer writing,
/// so it adds no message, reopens nothing, adds no unread and opens no 24-hour window; a redelivery changes nothing.
/// </summary>
public abstract class ReactionConformance
{
    private const string Customer = "14255550123";

    /// <summary>Monday 11:00 in Los Angeles.</summary>
    private static readonly DateTimeOffset Daytime = new(2026, 11, 23, 19, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset LastWritten = Daytime.AddDays(-3);

    protected abstract string Store { get; }

    [StoreFact]
    public async Task AReactionIsSetReplacedAndTakenAwayOnTheMessageItNames()
    {
        var time = new FakeTimeProvider(Daytime);
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.Inbound.ProcessAsync(WhatsApp("wamid.IN-1", "is it shipped?", Daytime.AddMinutes(-2)));
        var conversation = await domain.OnlyConversationAsync();
        var message = Assert.Single(await domain.ThreadAsync(conversation.Id));

        Assert.Equal(InboundResult.Applied, await domain.Inbound.ProcessAsync(Reaction("wamid.R-1", "wamid.IN-1", "\U0001F44D", Daytime)));
        Assert.Equal(["\U0001F44D"], await ReactionsAsync(domain, conversation.Id, message.Id));
        await domain.EventAsync(e => e is MessageReactionsChanged changed && changed.MessageId == message.Id && changed.Reactions.Single().Emoji == "\U0001F44D",
            "the reaction's event");

        Assert.Equal(InboundResult.Applied, await domain.Inbound.ProcessAsync(Reaction("wamid.R-2", "wamid.IN-1", "\u2764\uFE0F", Daytime.AddSeconds(5))));
        Assert.Equal(["\u2764\uFE0F"], await ReactionsAsync(domain, conversation.Id, message.Id));

        Assert.Equal(InboundResult.Applied, await domain.Inbound.ProcessAsync(Reaction("wamid.R-3", "wamid.IN-1", "", Daytime.AddSeconds(9))));
        Assert.Empty(await ReactionsAsync(domain, conversation.Id, message.Id));
        await domain.EventAsync(e => e is MessageReactionsChanged changed && changed.MessageId == message.Id && changed.Reactions.Count == 0, "the removal's event");

        Assert.Single(await domain.ThreadAsync(conversation.Id)); // none of them is a message
    }

    [StoreFact]
    public async Task ARedeliveredOrLateReactionChangesNothingEvenAfterARestart()
    {
        var time = new FakeTimeProvider(Daytime);
        var domain = await Domain.StartAsync(Store, time);
        await domain.Inbound.ProcessAsync(WhatsApp("wamid.IN-1", "is it shipped?", Daytime.AddMinutes(-2)));
        var conversation = await domain.OnlyConversationAsync();
        var message = Assert.Single(await domain.ThreadAsync(conversation.Id));
        var first = Reaction("wamid.R-1", "wamid.IN-1", "\U0001F44D", Daytime);
        var removed = Reaction("wamid.R-2", "wamid.IN-1", "", Daytime.AddSeconds(5));
        await domain.Inbound.ProcessAsync(first);
        await domain.Inbound.ProcessAsync(removed);

        Assert.Equal(InboundResult.Duplicate, await domain.Inbound.ProcessAsync(first));
        await using var restarted = await domain.RestartAsync();
        Assert.Equal(InboundResult.Duplicate, await restarted.Inbound.ProcessAsync(first)); // the store's key, not the silo's memory
        Assert.Equal(InboundResult.Duplicate, await restarted.Inbound.ProcessAsync(removed));
        // Sent before the removal but delivered after it: the removal stands.
        Assert.Equal(InboundResult.Applied, await restarted.Inbound.ProcessAsync(Reaction("wamid.R-0", "wamid.IN-1", "\U0001F62E", Daytime.AddSeconds(-5))));

        Assert.Empty(await ReactionsAsync(restarted, conversation.Id, message.Id));
        Assert.Single(await restarted.ThreadAsync(conversation.Id));
    }

    [StoreFact]
    public async Task AReactionDaysAfterTheLastMessageLeavesAResolvedConversationResolvedUnreadAndItsWindowClosed()
    {
        var time = new FakeTimeProvider(Daytime);
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.Inbound.ProcessAsync(WhatsApp("wamid.IN-1", "thanks, all sorted", LastWritten));
        var id = (await domain.OnlyConversationAsync()).Id;
        var grain = domain.Grains.GetGrain<IConversationGrain>(id);
        var (ann, annCaller) = await domain.NewAgentAsync("Ann", Role.Supervisor);
        await grain.Assign(annCaller, ann);
        await grain.MarkRead(annCaller);
        time.Advance(TimeSpan.FromMinutes(5));
        await grain.Update(Caller.Owner(), new ConversationChange(ConversationStatus.Resolved));
        var before = await domain.OnlyConversationAsync();
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(InboundResult.Applied, await domain.Inbound.ProcessAsync(Reaction("wamid.R-1", "wamid.IN-1", "\U0001F64F", time.GetUtcNow())));

        var after = await domain.OnlyConversationAsync();
        Assert.Equal((ConversationStatus.Resolved, 0, LastWritten, "thanks, all sorted", before.LastActivityAt),
            (after.Status, after.Unread, after.LastInboundAt, after.Preview, after.LastActivityAt));
        var composer = await grain.Composer(Caller.Owner());
        Assert.Equal(LastWritten.AddHours(24), composer.WindowOpenUntil);
        Assert.False(composer.FreeFormAllowed);
    }

    [StoreFact]
    public async Task AReactionToAMessageNotYetInTheThreadIsKeptAndShowsWhenTheMessageArrives()
    {
        var time = new FakeTimeProvider(Daytime);
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.Inbound.ProcessAsync(WhatsApp("wamid.IN-1", "hello", Daytime.AddMinutes(-5)));

        Assert.Equal(InboundResult.Pending, await domain.Inbound.ProcessAsync(Reaction("wamid.R-1", "wamid.IN-2", "\U0001F44D", Daytime)));
        await domain.Inbound.ProcessAsync(WhatsApp("wamid.IN-2", "this one", Daytime.AddMinutes(-1)));

        var conversation = await domain.OnlyConversationAsync();
        var message = (await domain.ThreadAsync(conversation.Id)).Single(m => m.ProviderMessageId == "wamid.IN-2");
        Assert.Equal(["\U0001F44D"], await ReactionsAsync(domain, conversation.Id, message.Id));
    }

    [StoreFact]
    public async Task AReactionFromSomeoneWithNoConversationStartsNone()
    {
        await using var domain = await Domain.StartAsync(Store);

        Assert.Equal(InboundResult.Pending, await domain.Inbound.ProcessAsync(Reaction("wamid.R-1", "wamid.OLD", "\U0001F44D", DateTimeOffset.UtcNow)));
        Assert.Equal(InboundResult.Duplicate, await domain.Inbound.ProcessAsync(Reaction("wamid.R-1", "wamid.OLD", "\U0001F44D", DateTimeOffset.UtcNow)));

        var page = await domain.Conversations.ListAsync(Caller.Owner(), new Queries.ConversationFilter(domain.BrandId), null, 50);
        Assert.Empty(page.Items);
    }

    [StoreFact]
    public async Task InAGroupEachMembersReactionShows()
    {
        await using var domain = await Domain.StartAsync(Store);
        const string group = "-1001234567890";
        var bot = "5550001111";
        await domain.RegisterAsync(new NumberKey(Channel.Telegram, bot).ToString(),
            new Numbers.NumberRegistration(domain.BrandId, Purpose.Support, ScriptedSender.Account, DefaultTeamId: domain.TeamId));
        InboundEvent InGroup(InboundKind kind, string member, string key) => new()
        {
            Kind = kind, Channel = Channel.Telegram, NumberAddress = bot, SenderAddress = member, Chat = ChatKind.Group, ChatId = group, ChatTitle = "Team",
            DedupeKey = key, ProviderTimestamp = DateTimeOffset.UtcNow,
        };
        await domain.Inbound.ProcessAsync(InGroup(InboundKind.Message, "111", "u-1") with { ProviderMessageId = "41", Text = "lunch?" });

        await domain.Inbound.ProcessAsync(InGroup(InboundKind.Reaction, "222", "u-2") with { ProviderMessageId = "41", Reaction = "\U0001F44D" });
        await domain.Inbound.ProcessAsync(InGroup(InboundKind.Reaction, "333", "u-3") with { ProviderMessageId = "41", Reaction = "\U0001F355" });

        var conversation = await domain.OnlyConversationAsync();
        var message = Assert.Single(await domain.ThreadAsync(conversation.Id));
        Assert.Equal(2, message.Reactions.Select(r => r.ContactId).Distinct().Count());
        Assert.Equal(["\U0001F355", "\U0001F44D"], message.Reactions.Select(r => r.Emoji).Order(StringComparer.Ordinal));
    }

    private static async Task<IReadOnlyList<string>> ReactionsAsync(Domain domain, string conversationId, string messageId) =>
        (await domain.ThreadAsync(conversationId)).Single(m => m.Id == messageId).Reactions.Select(r => r.Emoji).ToArray();

    private static InboundEvent WhatsApp(string id, string text, DateTimeOffset at) =>
        Domain.Message(Customer, text, dedupeKey: id, channel: Channel.WhatsApp, to: Domain.WhatsAppId, at: at);

    private static InboundEvent Reaction(string id, string target, string emoji, DateTimeOffset at) => new()
    {
        Kind = InboundKind.Reaction, Channel = Channel.WhatsApp, NumberAddress = Domain.WhatsAppId, SenderAddress = Customer,
        DedupeKey = id, ProviderMessageId = target, ProviderTimestamp = at, Reaction = emoji,
    };
}

public sealed class SqliteReactions : ReactionConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresReactions : ReactionConformance
{
    protected override string Store => Stores.Postgres;
}
