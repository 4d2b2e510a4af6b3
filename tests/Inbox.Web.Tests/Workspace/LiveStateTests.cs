using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Queries;
using Inbox.Web.Components.Workspace;

namespace Inbox.Web.Tests.Workspace;

/// <summary>What live events do to an open page's list and thread, decided without a browser or a silo.</summary>
public sealed class LiveStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static ConversationRow Row(string id, string? assignee = null, int unread = 0, string? preview = null, DateTimeOffset? waiting = null, DateTimeOffset? active = null) =>
        new(id, "brand", Channel.Sms, "sms:+14255550100", "contact", "Kim", "+14255550123", "team", assignee, ConversationStatus.Open, null, unread, T0, active ?? T0, preview,
            WaitingSince: waiting);

    private static MessageView Message(string id, long sequence, DateTimeOffset at, DeliveryStatus status = DeliveryStatus.Queued) =>
        new(id, "c1", sequence, Direction.Outbound, AuthorKind.Agent, "agent", "text " + id, [], false, status, null, null, null, at);

    [Fact]
    public void SequencesTellTheNextAGapAndARepeat()
    {
        var sequences = new LiveSequences();

        Assert.Equal(SequenceCheck.First, sequences.See("c1", 7));
        Assert.Equal(SequenceCheck.Next, sequences.See("c1", 8));
        Assert.Equal(SequenceCheck.Old, sequences.See("c1", 8));
        Assert.Equal(SequenceCheck.Old, sequences.See("c1", 3));
        Assert.Equal(SequenceCheck.Gap, sequences.See("c1", 11));
        Assert.Equal(SequenceCheck.Next, sequences.See("c1", 12));
        Assert.Equal(SequenceCheck.First, sequences.See("c2", 12));
        sequences.Forget("c1");
        Assert.Equal(SequenceCheck.First, sequences.See("c1", 40));
    }

    [Fact]
    public void AChangedRowAndANewOneGoWhereTheLongestWaitingOrderPutsThemAndOneThatNoLongerBelongsGoes()
    {
        var rows = new InboxRows();
        rows.Reset(new Page<ConversationRow>(
            [Row("a", waiting: T0.AddMinutes(-30)), Row("b", waiting: T0.AddMinutes(-20)), Row("c", active: T0), Row("d", active: T0.AddMinutes(-5))], "next"));

        rows.Apply(Row("b", preview: "answered", active: T0.AddMinutes(1)), belongs: true, keepUnread: false);
        rows.Apply(Row("d", preview: "wrote again", waiting: T0.AddMinutes(2), active: T0.AddMinutes(2)), belongs: true, keepUnread: false);
        rows.Apply(Row("e", waiting: T0.AddMinutes(-40)), belongs: true, keepUnread: false);
        rows.Apply(Row("a"), belongs: false, keepUnread: false);
        rows.Apply(Row("zz"), belongs: false, keepUnread: false);

        Assert.Equal(new[] { "e", "d", "b", "c" }, rows.Items.Select(r => r.Id));
        Assert.Equal("answered", rows.Find("b")!.Preview);
        Assert.Equal("next", rows.Next);
    }

    [Fact]
    public void TheOpenConversationsRowStaysWhereItIsWhenItIsAnswered()
    {
        var rows = new InboxRows();
        rows.Reset(new Page<ConversationRow>([Row("a", waiting: T0.AddMinutes(-30)), Row("b", waiting: T0.AddMinutes(-20)), Row("c", active: T0)], null));

        rows.Apply(Row("a", preview: "answered", active: T0.AddMinutes(1)), belongs: true, keepUnread: false, pinned: "a");
        rows.Apply(Row("n", waiting: T0.AddMinutes(-10)), belongs: true, keepUnread: false, pinned: "a");

        Assert.Equal(new[] { "a", "b", "n", "c" }, rows.Items.Select(r => r.Id));
        Assert.Null(rows.Find("a")!.WaitingSince);
    }

    [Fact]
    public void ARowWhosePlaceIsPastTheShownRowsWaitsForItsPageWhileThereAreMore()
    {
        var rows = new InboxRows();
        rows.Reset(new Page<ConversationRow>([Row("a", waiting: T0.AddMinutes(-30)), Row("b", active: T0)], "more"));

        rows.Apply(Row("a", active: T0.AddMinutes(-60)), belongs: true, keepUnread: false);
        rows.Apply(Row("old", active: T0.AddDays(-1)), belongs: true, keepUnread: false);
        Assert.Equal(new[] { "b" }, rows.Items.Select(r => r.Id));

        rows.Append(new Page<ConversationRow>([Row("a", active: T0.AddMinutes(-60))], null));
        rows.Apply(Row("old", active: T0.AddDays(-1)), belongs: true, keepUnread: false);
        Assert.Equal(new[] { "b", "a", "old" }, rows.Items.Select(r => r.Id));
    }

    [Fact]
    public void InTheRecentOrderARowWithNewActivityGoesOnTop()
    {
        var rows = new InboxRows();
        rows.Reset(new Page<ConversationRow>([Row("a", active: T0), Row("b", active: T0.AddMinutes(-1)), Row("c", active: T0.AddMinutes(-2))], null), ConversationSort.Recent);

        rows.Apply(Row("c", active: T0.AddMinutes(1), waiting: T0.AddMinutes(1)), belongs: true, keepUnread: false);

        Assert.Equal(new[] { "c", "a", "b" }, rows.Items.Select(r => r.Id));
    }

    [Theory]
    [InlineData(20, "< 1 min")]
    [InlineData(12 * 60 + 59, "12 min")]
    [InlineData(3 * 3600 + 120, "3 h")]
    [InlineData(2 * 86400 + 7200, "2 d")]
    public void AWaitReadsAtAGlance(int seconds, string shown) => Assert.Equal(shown, Display.Waited(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void AnotherAgentsUnreadIsKeptAsCountedHereAndNotTakenFromTheThreadsOwn()
    {
        var rows = new InboxRows();
        rows.Reset(new Page<ConversationRow>([Row("a", assignee: "someone", unread: 2)], null));

        rows.CountUnread("a");
        rows.Apply(Row("a", assignee: "someone", unread: 9), belongs: true, keepUnread: true);
        Assert.Equal(3, rows.Find("a")!.Unread);
        rows.MarkedRead("a");
        Assert.Equal(0, rows.Find("a")!.Unread);
        rows.Apply(Row("a", assignee: "me", unread: 4), belongs: true, keepUnread: false);
        Assert.Equal(4, rows.Find("a")!.Unread);
    }

    [Fact]
    public void AnotherPageAddsOnlyRowsNotShownYet()
    {
        var rows = new InboxRows();
        rows.Reset(new Page<ConversationRow>([Row("new"), Row("a")], "cursor"));

        rows.Append(new Page<ConversationRow>([Row("a"), Row("b")], null));

        Assert.Equal(new[] { "new", "a", "b" }, rows.Items.Select(r => r.Id));
        Assert.Null(rows.Next);
    }

    [Fact]
    public void AThreadReadsOldestFirstAndAMessageHeardTwiceIsOne()
    {
        var thread = new ThreadMessages();
        thread.Reset(new Page<MessageView>([Message("m3", 3, T0.AddMinutes(3)), Message("m1", 1, T0.AddMinutes(1))], "older"));

        thread.Add(Message("m4", 4, T0.AddMinutes(4)));
        thread.Add(Message("m4", 4, T0.AddMinutes(4)));
        thread.Add(Message("m2", 2, T0.AddMinutes(2)));
        thread.PrependOlder(new Page<MessageView>([Message("m1", 1, T0.AddMinutes(1)), Message("m0", 0, T0)], null));

        Assert.Equal(new[] { "m0", "m1", "m2", "m3", "m4" }, thread.Items.Select(m => m.Id));
        Assert.Null(thread.Older);
    }

    [Fact]
    public void ADeliveryStatusOnlyMovesForward()
    {
        var thread = new ThreadMessages();
        thread.Reset(new Page<MessageView>([Message("m1", 1, T0)], null));

        thread.Status("m1", DeliveryStatus.Delivered, null, null);
        thread.Status("m1", DeliveryStatus.Sent, null, null);
        Assert.Equal(DeliveryStatus.Delivered, thread.Items[0].Status);
        thread.Status("m1", DeliveryStatus.Read, null, null);
        Assert.Equal(DeliveryStatus.Read, thread.Items[0].Status);
        thread.Status("unknown", DeliveryStatus.Read, null, null);
        Assert.Single(thread.Items);
    }

    [Fact]
    public void AFailedMessageNamesItsReasonAndOnlyMayHaveBeenSentOffersAResend()
    {
        var maybe = Message("m1", 1, T0, DeliveryStatus.Failed) with { ErrorCode = "may_have_been_sent" };
        var refused = Message("m2", 2, T0, DeliveryStatus.Failed) with { ErrorCode = "provider_rejected", ErrorReason = "The number is not reachable." };

        Assert.True(Display.CanResend(maybe));
        Assert.False(Display.CanResend(refused));
        Assert.Equal("The number is not reachable.", Display.Failure(refused.ErrorCode, refused.ErrorReason));
        Assert.Contains("may have sent", Display.Failure(maybe.ErrorCode, null));
    }

    [Theory]
    [InlineData(Channel.Sms, DeliveryStatus.Read, "delivered")]
    [InlineData(Channel.WhatsApp, DeliveryStatus.Read, "read")]
    [InlineData(Channel.Messenger, DeliveryStatus.Sent, null)]
    [InlineData(Channel.Telegram, DeliveryStatus.Delivered, "sent")]
    [InlineData(Channel.WhatsApp, DeliveryStatus.Failed, null)]
    public void ATickIsOnlyOneTheChannelReports(Channel channel, DeliveryStatus status, string? shown) =>
        Assert.Equal(shown, Display.Tick(channel, status)?.Words);
}
