using System.Text.Json;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Inbox.Silo.Tests.LiveEvents;

/// <summary>The sequence is stored with the conversation's state and goes on the wire as one more property.</summary>
public sealed class EventWireShape
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void StateStoredBeforeEventsHadNumbersLoadsAndNumbersFromOne()
    {
        var old = JsonSerializer.Deserialize<ConversationState>("""{"format":1,"brandId":"brd_1","numberKey":"sms:+14255550100","nextSequence":7}""", Web)!;

        Assert.Equal(0, old.LastEventSequence);
        Assert.Equal(1, old.TakeEventSequence());
        Assert.Equal(2, old.TakeEventSequence());
        Assert.Equal(7, old.NextSequence);
    }

    [Fact]
    public void TheLastEventSequenceIsPartOfTheStoredState()
    {
        var state = new ConversationState();
        state.TakeEventSequence();
        state.TakeEventSequence();

        var stored = JsonSerializer.Deserialize<ConversationState>(JsonSerializer.Serialize(state, Web), Web)!;

        Assert.Equal(3, stored.TakeEventSequence());
    }

    [Fact]
    public void AConversationEventKeepsItsFieldsAndAddsItsSequence()
    {
        InboxEvent changed = new MessageStatusChanged("brd_1", "team_1", null, "cnv_1", "msg_1", DeliveryStatus.Delivered, null, null) { Sequence = 5 };

        var json = JsonDocument.Parse(JsonSerializer.Serialize(changed, Web)).RootElement;

        Assert.Equal("messageStatusChanged", json.GetProperty("type").GetString());
        Assert.Equal(5, json.GetProperty("sequence").GetInt64());
        Assert.Equal("cnv_1", json.GetProperty("conversationId").GetString());
        Assert.Equal("msg_1", json.GetProperty("messageId").GetString());
        Assert.Equal("delivered", json.GetProperty("status").GetString(), ignoreCase: true);
        Assert.Equal("brd_1", json.GetProperty("brandId").GetString());
    }

    [Fact]
    public void AReactionsEventCarriesTheMessagesCurrentReactionsAndCrossesAGrainCall()
    {
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var changed = new MessageReactionsChanged("brd_1", "team_1", null, "cnv_1", "msg_1", [new MessageReaction("\U0001F44D", "ctc_1", at)]) { Sequence = 9 };

        var json = JsonDocument.Parse(JsonSerializer.Serialize<InboxEvent>(changed, Web)).RootElement;
        Assert.Equal(("messageReactionsChanged", 9, "msg_1"), (json.GetProperty("type").GetString(), json.GetProperty("sequence").GetInt64(), json.GetProperty("messageId").GetString()));
        var reaction = Assert.Single(json.GetProperty("reactions").EnumerateArray());
        Assert.Equal(("\U0001F44D", "ctc_1"), (reaction.GetProperty("emoji").GetString(), reaction.GetProperty("contactId").GetString()));

        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var copy = Assert.IsType<MessageReactionsChanged>(services.GetRequiredService<Serializer>().Deserialize<InboxEvent>(services.GetRequiredService<Serializer>().SerializeToArray<InboxEvent>(changed)));
        Assert.Equal((changed.Sequence, changed.MessageId), (copy.Sequence, copy.MessageId));
        Assert.Equal(changed.Reactions, copy.Reactions);
    }

    [Fact]
    public void AMessageCrossesAGrainCallWithWhatItSharedAndWhatItAnswers()
    {
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var message = new MessageView("msg_1", "cnv_1", 3, Direction.Inbound, AuthorKind.Contact, "ctc_1", null,
            [new MediaRef("document", "m-1", null, "application/pdf", 1234, "a.pdf")], false, DeliveryStatus.Received, null, null, "wamid.1", at)
        {
            Location = new Silo.Inbound.SharedLocation(1.5, 2.5, "Here"),
            Contacts = [new Silo.Inbound.SharedContact("Ana", ["+14255550177"])],
            ReplyTo = new ReplyContext("wamid.0", "msg_0"),
            Reactions = [new MessageReaction("x", "ctc_2", at)],
        };
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<MessageView>(serializer.SerializeToArray(message))!;

        Assert.Equal((message.Location, message.ReplyTo, message.Media[0]), (copy.Location, copy.ReplyTo, copy.Media[0]));
        Assert.Equal(("Ana", "+14255550177"), (copy.Contacts![0].Name, copy.Contacts![0].Phones![0]));
        Assert.Equal(message.Reactions, copy.Reactions);
    }

    [Fact]
    public void APresenceEventHasNoSequence()
    {
        InboxEvent presence = new AgentPresenceChanged("brd_1", "agt_1", "Ann", Presence.Online);

        var json = JsonDocument.Parse(JsonSerializer.Serialize(presence, Web)).RootElement;

        Assert.Equal("agentPresenceChanged", json.GetProperty("type").GetString());
        Assert.False(json.TryGetProperty("sequence", out _));
    }

    [Fact]
    public void EveryEventCrossesAGrainCallWithItsSequence()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var row = new ConversationRow("cnv_1", "brd_1", Channels.Channel.Sms, "sms:+14255550100", "ctc_1", "Ann", "+14255550123", "team_1", "agt_1",
            ConversationStatus.Pending, null, 2, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(1), "hi");
        InboxEvent[] events =
        [
            new ConversationUpdated("brd_1", "team_1", row) { Sequence = 7 },
            new MessageStatusChanged("brd_1", "team_1", "agt_1", "cnv_1", "msg_1", DeliveryStatus.Failed, "blocked", "The carrier refused it.") { Sequence = 8 },
            new AgentPresenceChanged("brd_1", "agt_1", "Ann", Presence.Away),
            new AgentAccessChanged("brd_1", "agt_1"),
        ];

        foreach (var @event in events) Assert.Equal(@event, serializer.Deserialize<InboxEvent>(serializer.SerializeToArray(@event)));
    }
}
