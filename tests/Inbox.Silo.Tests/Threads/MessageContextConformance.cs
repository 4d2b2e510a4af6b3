using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Inbox.Silo.Inbound;

namespace Inbox.Silo.Tests.Threads;

/// <summary>What a message carries besides text (a place, contact cards, media details, the message it answers) is kept and shown with it.</summary>
public abstract class MessageContextConformance
{
    private const string Customer = "+14255550123";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task ALocationContactCardsAndMediaDetailsAreKeptAndShownWithTheMessage()
    {
        await using var domain = await Domain.StartAsync(Store);
        var place = new SharedLocation(47.6062, -122.3321, "Pike Place Market", "85 Pike St, Seattle", "https://example.test/pike");
        var card = new SharedContact("Zoë Müller", ["+14255550177", "+14255550178"], ["zoe@example.test"], "Contoso");
        var media = new MediaRef("document", "media-1", "the invoice", "application/pdf", 48_213, "invoice-0042.pdf");

        Assert.Equal(InboundResult.Accepted, await domain.Inbound.ProcessAsync(Domain.Message(Customer, "") with { Text = null, Location = place }));
        Assert.Equal(InboundResult.Accepted, await domain.Inbound.ProcessAsync(Domain.Message(Customer, "") with { Text = null, Contacts = [card] }));
        Assert.Equal(InboundResult.Accepted, await domain.Inbound.ProcessAsync(Domain.Message(Customer, "see attached") with { Media = [media] }));

        var conversation = await domain.OnlyConversationAsync();
        var thread = await domain.ThreadAsync(conversation.Id);
        var shared = thread.Single(m => m.Location is not null);
        Assert.Equal(place, shared.Location);
        Assert.Null(shared.Contacts);
        var contact = Assert.Single(thread.Single(m => m.Contacts is not null).Contacts!);
        Assert.Equal((card.Name, card.Organization), (contact.Name, contact.Organization));
        Assert.Equal(card.Phones, contact.Phones);
        Assert.Equal(card.Emails, contact.Emails);
        Assert.Equal(media, Assert.Single(thread.Single(m => m.Media.Count > 0).Media));
        Assert.Equal(3, conversation.Unread); // each is the customer writing
        await domain.EventAsync(e => e is MessageAdded { Message.Location: { } l } && l == place, "the location's messageAdded");
    }

    [StoreFact]
    public async Task AReplyNamesOurMessageWhenWeHaveItAndTheProvidersIdOtherwise()
    {
        await using var domain = await Domain.StartAsync(Store);
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "my order is late", dedupeKey: "SM-1"));

        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "any news?", dedupeKey: "SM-2") with { ReplyToProviderMessageId = "SM-1" });
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "about this", dedupeKey: "SM-3") with { ReplyToProviderMessageId = "SM-from-before" });

        var thread = await domain.ThreadAsync((await domain.OnlyConversationAsync()).Id);
        var original = thread.Single(m => m.ProviderMessageId == "SM-1");
        Assert.Null(original.ReplyTo);
        Assert.Equal(new ReplyContext("SM-1", original.Id), thread.Single(m => m.ProviderMessageId == "SM-2").ReplyTo);
        Assert.Equal(new ReplyContext("SM-from-before"), thread.Single(m => m.ProviderMessageId == "SM-3").ReplyTo);
        await domain.EventAsync(e => e is MessageAdded { Message.ReplyTo: { MessageId: { } id } } && id == original.Id, "the reply's messageAdded names our message");
    }

    [StoreFact]
    public async Task AReplyThatArrivesBeforeTheMessageItAnswersFindsItOnceItIsThere()
    {
        await using var domain = await Domain.StartAsync(Store);
        var t = DateTimeOffset.UtcNow;

        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "yes, that one", dedupeKey: "SM-2", at: t) with { ReplyToProviderMessageId = "SM-1" });
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "is it the blue one?", dedupeKey: "SM-1", at: t.AddSeconds(-5)));

        var thread = await domain.ThreadAsync((await domain.OnlyConversationAsync()).Id);
        Assert.Equal(new ReplyContext("SM-1", thread.Single(m => m.ProviderMessageId == "SM-1").Id), thread.Single(m => m.ProviderMessageId == "SM-2").ReplyTo);
    }

    [StoreFact]
    public async Task AReplyToAMessageOfAnotherConversationIsNotResolvedToIt()
    {
        await using var domain = await Domain.StartAsync(Store);
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550124", "someone else's", dedupeKey: "SM-1"));

        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "re", dedupeKey: "SM-2") with { ReplyToProviderMessageId = "SM-1" });

        var mine = await domain.OnlyConversationAsync(Customer);
        Assert.Equal(new ReplyContext("SM-1"), Assert.Single(await domain.ThreadAsync(mine.Id)).ReplyTo);
    }

    [StoreFact]
    public async Task AMessageWithOnlyALocationIsPreviewedAsOne()
    {
        await using var domain = await Domain.StartAsync(Store);

        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "", channel: Channel.WhatsApp, to: Domain.WhatsAppId) with
        {
            Text = null, SenderAddress = "14255550123", Location = new SharedLocation(51.5, -0.12, "Office"),
        });

        Assert.Equal("[location] Office", (await domain.OnlyConversationAsync()).Preview);
    }
}

public sealed class SqliteMessageContext : MessageContextConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresMessageContext : MessageContextConformance
{
    protected override string Store => Stores.Postgres;
}
