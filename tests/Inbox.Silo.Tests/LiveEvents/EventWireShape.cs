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
