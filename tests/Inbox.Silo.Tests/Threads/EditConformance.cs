using Inbox.Silo.Channels;
using Inbox.Silo.Events;
using Inbox.Silo.Inbound;

namespace Inbox.Silo.Tests.Threads;

/// <summary>A customer's edit changes the message's text in the thread and tells live clients; a redelivered edit changes nothing.</summary>
public abstract class EditConformance
{
    private const string Customer = "14255550123";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task AnEditChangesTheTextAndIsAnnouncedOnceAndItsRedeliveryIsADuplicate()
    {
        await using var domain = await Domain.StartAsync(Store);
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "where is my oder?", dedupeKey: "wamid.IN-1", channel: Channel.WhatsApp, to: Domain.WhatsAppId));
        var conversation = await domain.OnlyConversationAsync();
        var message = Assert.Single(await domain.ThreadAsync(conversation.Id));

        Assert.Equal(InboundResult.Applied, await domain.Inbound.ProcessAsync(Edit("edit-1", "wamid.IN-1", "where is my order?")));
        await domain.EventAsync(e => e is MessageEdited edited && edited.MessageId == message.Id && edited.Text == "where is my order?", "the edit's event");
        Assert.Equal(InboundResult.Duplicate, await domain.Inbound.ProcessAsync(Edit("edit-1", "wamid.IN-1", "where is my order?")));
        Assert.Equal(InboundResult.Applied, await domain.Inbound.ProcessAsync(Edit("edit-2", "wamid.NOPE", "a message we never got")));
        await domain.SentinelAsync();

        Assert.Equal("where is my order?", Assert.Single(await domain.ThreadAsync(conversation.Id)).Text);
        Assert.Single(domain.Events.OfType<MessageEdited>());
    }

    private static InboundEvent Edit(string id, string target, string text) => new()
    {
        Kind = InboundKind.Edit, Channel = Channel.WhatsApp, NumberAddress = Domain.WhatsAppId, SenderAddress = Customer,
        DedupeKey = id, ProviderMessageId = target, ProviderTimestamp = DateTimeOffset.UtcNow, Text = text,
    };
}

public sealed class SqliteEdits : EditConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresEdits : EditConformance
{
    protected override string Store => Stores.Postgres;
}
