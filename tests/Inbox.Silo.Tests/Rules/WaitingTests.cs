using Inbox.Silo.Conversations;

namespace Inbox.Silo.Tests.Rules;

/// <summary>When a customer starts waiting for us and what ends it (<see cref="Waiting"/>), decided without the runtime.</summary>
public sealed class WaitingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static MessageView Customer(DateTimeOffset at) =>
        new("m", "c", 1, Direction.Inbound, AuthorKind.Contact, "ctc_1", "hello?", [], false, DeliveryStatus.Received, null, null, "p1", at);

    private static MessageView Ours(AuthorKind author, string? authorId, bool isPrivate = false) =>
        new("m", "c", 2, Direction.Outbound, author, authorId, "text", [], isPrivate, isPrivate ? DeliveryStatus.Received : DeliveryStatus.Queued, null, null, null, T0.AddHours(1));

    [Fact]
    public void TheFirstUnansweredCustomerMessageStartsTheWaitAndLaterOnesKeepIt()
    {
        var since = Waiting.After(null, Customer(T0));
        since = Waiting.After(since, Customer(T0.AddMinutes(5)));

        Assert.Equal(T0, since);
    }

    [Fact]
    public void AMessageTheProviderDatesEarlierThanTheWaitMovesItsStartBack()
    {
        // Webhooks are unordered: the customer's earlier message can arrive second.
        var since = Waiting.After(Waiting.After(null, Customer(T0.AddMinutes(5))), Customer(T0));

        Assert.Equal(T0, since);
    }

    [Theory]
    [InlineData(AuthorKind.Agent, "agt_ann")]
    [InlineData(AuthorKind.System, "api key 'crm'")]
    [InlineData(AuthorKind.System, "owner")]
    [InlineData(AuthorKind.System, "keywords")]
    [InlineData(AuthorKind.System, "provider app")]
    public void AnythingWeSendTheCustomerAnswersThem(AuthorKind author, string authorId) =>
        Assert.Null(Waiting.After(T0, Ours(author, authorId)));

    [Fact]
    public void NeitherTheAutoReplyNorANoteNorAnActivityEntryNorAChannelEventEndsTheWait()
    {
        var autoReply = Ours(AuthorKind.System, null);
        var note = Ours(AuthorKind.Agent, "agt_ann", isPrivate: true);
        var activity = Ours(AuthorKind.Agent, "agt_ann", isPrivate: true) with { Activity = new ActivityEntry(ActivityAction.Assigned, "agt_ann", "Ann", "agt_ann") };
        var unsubscribed = Customer(T0.AddMinutes(1)) with { AuthorKind = AuthorKind.System, AuthorId = null };

        foreach (var message in new[] { autoReply, note, activity, unsubscribed }) Assert.Equal(T0, Waiting.After(T0, message));
        // Nor does any of them start one.
        foreach (var message in new[] { autoReply, note, activity, unsubscribed }) Assert.Null(Waiting.After(null, message));
    }

    [Theory]
    [InlineData(ConversationStatus.Resolved, false)]
    [InlineData(ConversationStatus.Pending, true)]
    [InlineData(ConversationStatus.Snoozed, true)]
    [InlineData(ConversationStatus.Open, true)]
    public void ResolvingEndsTheWaitAndOtherStatusesKeepIt(ConversationStatus status, bool stillWaiting) =>
        Assert.Equal(stillWaiting ? T0 : null, Waiting.AfterStatus(T0, status));

    [Fact]
    public void TheStateFollowsItsMessagesAndAResolveUntilTheCustomerWritesAgain()
    {
        var state = new ConversationState();
        state.Heard(Customer(T0));
        state.Heard(Ours(AuthorKind.Agent, "agt_ann", isPrivate: true));
        Assert.Equal(T0, state.WaitingSince);
        Assert.Equal(T0, state.Row("c").WaitingSince);

        state.ChangeStatus(ConversationStatus.Resolved, null, T0.AddMinutes(3));
        Assert.Null(state.WaitingSince);
        state.ChangeStatus(ConversationStatus.Open, null, T0.AddMinutes(4));
        Assert.Null(state.WaitingSince);

        state.Heard(Customer(T0.AddMinutes(10)));
        Assert.Equal(T0.AddMinutes(10), state.WaitingSince);
        state.Heard(Ours(AuthorKind.Agent, "agt_ann"));
        Assert.Null(state.WaitingSince);
    }

    [Fact]
    public void TheOrderPutsTheLongestWaitingFirstThenTheRestByTheirLatestActivity()
    {
        var rows = new (string Name, DateTimeOffset? Since, DateTimeOffset Activity)[]
        {
            ("answered long ago", null, T0.AddDays(-30)),
            ("waiting 1 min", T0.AddMinutes(-1), T0),
            ("answered just now", null, T0),
            ("waiting 2 days", T0.AddDays(-2), T0.AddDays(-2)),
            ("answered an hour ago", null, T0.AddHours(-1)),
            ("waiting 1 h, active since", T0.AddHours(-1), T0),
        };

        var ordered = rows.OrderBy(r => Waiting.Order(r.Since, r.Activity)).Select(r => r.Name);

        Assert.Equal(["waiting 2 days", "waiting 1 h, active since", "waiting 1 min", "answered just now", "answered an hour ago", "answered long ago"], ordered);
    }
}
