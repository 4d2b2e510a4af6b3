using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Inbox.Silo.Queries;
using Inbox.Web.Hubs;

namespace Inbox.Web.Tests.Hub;

/// <summary>The hub's one decision, without a hub: the list's visibility rule applied to each event, and when a thread has left.</summary>
public sealed class HubSightTests
{
    private const string Brand = "brd_1", Support = "team_s", Billing = "team_b", Ann = "agt_ann", Id = "cnv_1";

    private static readonly Caller AnnOfSupport = new("Ann", Ann, false, new Dictionary<string, BrandAccess> { [Brand] = new(Role.Agent, [Support]) });
    private static readonly Caller Supervisor = new("Sue", "agt_sue", false, new Dictionary<string, BrandAccess> { [Brand] = new(Role.Supervisor, []) });
    private static readonly Watching WholeView = new([new WatchedView(Brand, new ConversationFilter(Brand))], new HashSet<string>());

    private static ConversationFacts Facts(string? team, string? assignee = null, ConversationStatus? status = null) =>
        new(Brand, team, assignee, status is { } s ? Row(team, assignee, s) : null, 1);

    private static ConversationRow Row(string? team, string? assignee, ConversationStatus status) =>
        new(Id, Brand, Channel.Sms, "sms:+14255550100", "cnt_1", null, "+14255550123", team, assignee, status, null, 0, null, DateTimeOffset.UnixEpoch, null);

    [Fact]
    public void AnotherTeamsThreadIsNeverDeliveredNorAnnouncedAsRemoved()
    {
        Assert.Equal((Verdict.Drop, false), HubSight.Decide(AnnOfSupport, WholeView, Id, false, null, Facts(Billing), isRow: false));
        Assert.Equal((Verdict.Drop, false), HubSight.Decide(AnnOfSupport, WholeView, Id, false, Facts(Billing), Facts(Billing), isRow: true));
        // Even a subscription by id does not open it: subscribing checks, and every event checks again.
        var byId = new Watching([], new HashSet<string> { Id });
        Assert.Equal((Verdict.Drop, false), HubSight.Decide(AnnOfSupport, byId, Id, false, null, Facts(Billing), isRow: false));
    }

    [Fact]
    public void AThreadShownThatMovesToAnotherTeamIsRemovedInsteadOfDelivered()
    {
        Assert.Equal((Verdict.Deliver, true), HubSight.Decide(AnnOfSupport, WholeView, Id, false, null, Facts(Support), isRow: false));
        Assert.Equal((Verdict.Remove, false), HubSight.Decide(AnnOfSupport, WholeView, Id, true, Facts(Support), Facts(Billing), isRow: false));
        Assert.Equal((Verdict.Drop, false), HubSight.Decide(AnnOfSupport, WholeView, Id, false, Facts(Billing), Facts(Billing), isRow: true));
    }

    [Fact]
    public void AThreadTheNodeKnewInTheCallersTeamIsRemovedEvenIfThisConnectionWasNeverSentIt()
    {
        // Fetched over REST after subscribing, never an event since: the node's memory says it was in Support.
        Assert.Equal((Verdict.Remove, false), HubSight.Decide(AnnOfSupport, WholeView, Id, false, Facts(Support), Facts(Billing), isRow: false));
        // The move's own activity entry says where it was when the node had never heard of it.
        var move = new MessageAdded(Brand, Billing, null, Id, Entry(new ActivityEntry(ActivityAction.Moved, null, "Sue", FromTeamId: Support, ToTeamId: Billing)));
        var implied = ConversationFacts.Implied(move);
        Assert.Equal(Support, implied?.TeamId);
        Assert.Equal((Verdict.Remove, false), HubSight.Decide(AnnOfSupport, WholeView, Id, false, implied, ConversationFacts.After(null, move), isRow: false));
    }

    [Fact]
    public void AnAgentSeesAThreadAssignedToThemUntilItIsUnassigned()
    {
        var mine = new Watching([new WatchedView(Brand, new ConversationFilter(Brand, AssigneeId: Ann))], new HashSet<string>());
        Assert.Equal((Verdict.Deliver, true), HubSight.Decide(AnnOfSupport, mine, Id, false, null, Facts(Billing, Ann), isRow: false));
        Assert.Equal((Verdict.Remove, false), HubSight.Decide(AnnOfSupport, mine, Id, true, Facts(Billing, Ann), Facts(Billing), isRow: false));
        var unassign = new MessageAdded(Brand, Billing, null, Id, Entry(new ActivityEntry(ActivityAction.Unassigned, null, "Sue", AssigneeId: Ann)));
        Assert.Equal(Ann, ConversationFacts.Implied(unassign)?.AssigneeId);
    }

    [Fact]
    public void AThreadThatLeavesTheViewButNotTheCallersSightIsSeenLeavingThenGoesQuiet()
    {
        var open = new Watching([new WatchedView(Brand, new ConversationFilter(Brand, ConversationStatus.Open))], new HashSet<string>());
        Assert.Equal((Verdict.Deliver, true), HubSight.Decide(Supervisor, open, Id, false, null, Facts(Support, status: ConversationStatus.Open), isRow: true));
        // The resolve's activity entry, then its row: both go, so the client sees it leave; nothing after.
        Assert.Equal((Verdict.Deliver, true), HubSight.Decide(Supervisor, open, Id, true, Facts(Support, status: ConversationStatus.Open),
            Facts(Support, status: ConversationStatus.Open), isRow: false));
        Assert.Equal((Verdict.Deliver, false), HubSight.Decide(Supervisor, open, Id, true, Facts(Support, status: ConversationStatus.Open),
            Facts(Support, status: ConversationStatus.Resolved), isRow: true));
        Assert.Equal((Verdict.Drop, false), HubSight.Decide(Supervisor, open, Id, false, Facts(Support, status: ConversationStatus.Resolved),
            Facts(Support, status: ConversationStatus.Resolved), isRow: false));
    }

    [Fact]
    public void AMembershipChangeSeenAsANewCallerStopsTheTeamsThreads()
    {
        var annOfBilling = AnnOfSupport with { Brands = new Dictionary<string, BrandAccess> { [Brand] = new(Role.Agent, [Billing]) } };
        Assert.False(HubSight.Sees(annOfBilling, Facts(Support)));
        Assert.Equal((Verdict.Remove, false), HubSight.Decide(annOfBilling, WholeView, Id, true, Facts(Support), Facts(Support), isRow: false));
        var gone = AnnOfSupport with { Brands = new Dictionary<string, BrandAccess>() };
        Assert.Equal((Verdict.Drop, false), HubSight.Decide(gone, WholeView, Id, false, Facts(Support), Facts(Support), isRow: false));
    }

    [Fact]
    public void RowColumnsNotYetHeardDoNotExcludeButOnceKnownTheyDo()
    {
        var view = new WatchedView(Brand, new ConversationFilter(Brand, ConversationStatus.Open, Channel.Sms, "sms:+14255550100"));
        Assert.True(view.Matches(Facts(Support)));
        Assert.True(view.Matches(Facts(Support, status: ConversationStatus.Open)));
        Assert.False(view.Matches(Facts(Support, status: ConversationStatus.Pending)));
        Assert.False(new WatchedView(Brand, new ConversationFilter(Brand, Unassigned: true)).Matches(Facts(Support, Ann)));
        Assert.False(new WatchedView("brd_2", new ConversationFilter("brd_2")).Matches(Facts(Support)));
        var added = new MessageAdded(Brand, Billing, Ann, Id, Entry(null)) { Sequence = 7 };
        var after = ConversationFacts.After(Facts(Support, status: ConversationStatus.Open), added);
        Assert.Equal((Billing, Ann, ConversationStatus.Open, 7L), (after.TeamId, after.AssigneeId, after.Row?.Status, after.Sequence));
    }

    private static MessageView Entry(ActivityEntry? activity) =>
        new("msg_1", Id, 1, Direction.Outbound, AuthorKind.Agent, null, "text", [], activity is not null, DeliveryStatus.Received, null, null, null, DateTimeOffset.UnixEpoch)
        { Activity = activity };
}
