using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;

namespace Inbox.Silo.Tests.Rules;

public sealed class DeliveryStatusTests
{
    [Theory]
    [InlineData(DeliveryStatus.Queued, DeliveryStatus.Sent, true)]
    [InlineData(DeliveryStatus.Sent, DeliveryStatus.Delivered, true)]
    [InlineData(DeliveryStatus.Delivered, DeliveryStatus.Read, true)]
    [InlineData(DeliveryStatus.Sent, DeliveryStatus.Failed, true)]
    [InlineData(DeliveryStatus.Read, DeliveryStatus.Delivered, false)]
    [InlineData(DeliveryStatus.Delivered, DeliveryStatus.Sent, false)]
    [InlineData(DeliveryStatus.Delivered, DeliveryStatus.Failed, false)]
    [InlineData(DeliveryStatus.Read, DeliveryStatus.Read, false)]
    public void AStatusOnlyEverMovesForward(DeliveryStatus current, DeliveryStatus next, bool advances) =>
        Assert.Equal(advances, current.Advances(next));
}

public sealed class TokenBucketTests
{
    [Fact]
    public void ABurstGoesAtOnceThenSendsArePacedAtTheRate()
    {
        var start = DateTimeOffset.UnixEpoch;
        var bucket = new TokenBucket(ratePerSecond: 2, burst: 3, start);

        var waits = Enumerable.Range(0, 5).Select(_ => bucket.Take(start)).ToArray();

        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1)], waits);
    }

    [Fact]
    public void TokensComeBackWithTimeButNeverBeyondTheBurst()
    {
        var start = DateTimeOffset.UnixEpoch;
        var bucket = new TokenBucket(ratePerSecond: 1, burst: 2, start);
        bucket.Take(start);
        bucket.Take(start);

        Assert.Equal(TimeSpan.Zero, bucket.Take(start.AddSeconds(10)));
        Assert.Equal(TimeSpan.Zero, bucket.Take(start.AddSeconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Take(start.AddSeconds(10)));
    }
}

public sealed class ConversationStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SnoozingNeedsATimeInTheFuture()
    {
        var state = new ConversationState();

        Assert.Equal("bad_snooze", Assert.Throws<DomainException>(() => state.ChangeStatus(ConversationStatus.Snoozed, null, Now)).Code);
        Assert.Equal("bad_snooze", Assert.Throws<DomainException>(() => state.ChangeStatus(ConversationStatus.Snoozed, Now.AddMinutes(-1), Now)).Code);
        Assert.Equal("bad_snooze", Assert.Throws<DomainException>(() => state.ChangeStatus(ConversationStatus.Open, Now.AddHours(1), Now)).Code);
        state.ChangeStatus(ConversationStatus.Snoozed, Now.AddHours(1), Now);
        Assert.Equal(ConversationStatus.Snoozed, state.Status);
    }

    [Fact]
    public void ASnoozeIsReleasedOnlyWhenDueAndStillSnoozed()
    {
        var state = new ConversationState();
        state.ChangeStatus(ConversationStatus.Snoozed, Now.AddHours(1), Now);

        Assert.False(state.ReleaseSnooze(Now.AddMinutes(59)));
        Assert.True(state.ReleaseSnooze(Now.AddHours(1)));
        Assert.Equal((ConversationStatus.Open, (DateTimeOffset?)null), (state.Status, state.SnoozedUntil));

        state.ChangeStatus(ConversationStatus.Resolved, null, Now);
        Assert.False(state.ReleaseSnooze(Now.AddDays(1)));
    }

    [Fact]
    public void ACustomerMessageReopensCountsAsUnreadAndKeepsTheLatestInboundTime()
    {
        var state = new ConversationState();
        state.ChangeStatus(ConversationStatus.Resolved, null, Now);

        state.OnCustomerMessage(Now.AddMinutes(5), "later", Now);
        state.OnCustomerMessage(Now.AddMinutes(1), "earlier, delivered late", Now);

        Assert.Equal((ConversationStatus.Open, 2, Now.AddMinutes(5)), (state.Status, state.Unread, state.LastInboundAt!.Value));
    }

    [Fact]
    public void OnlyTheLatestDedupeKeysAreKeptInMemoryPerConversation()
    {
        var recent = new RecentKeys(capacity: 16);
        for (var i = 0; i < 100; i++) recent.Remember("cnv_1", $"k{i}");
        recent.Remember("cnv_1", "k99");

        Assert.Equal(16, recent.Count);
        Assert.All(Enumerable.Range(84, 16), i => Assert.True(recent.Contains("cnv_1", $"k{i}")));
        Assert.False(recent.Contains("cnv_1", "k83"));
        Assert.False(recent.Contains("cnv_1", "k0"));
        Assert.False(recent.Contains("cnv_1", "K99")); // keys are compared exactly
        Assert.False(recent.Contains("cnv_2", "k99")); // and per conversation
        Assert.False(recent.Contains("cnv_1k", "99")); // whose id and key do not run together
    }
}

public sealed class VisibilityTests
{
    private static readonly Caller Agent = new("Ann", "agt_ann", false, new Dictionary<string, BrandAccess> { ["A"] = new(Role.Agent, ["support"]) });
    private static readonly Caller Supervisor = new("Sue", "agt_sue", false, new Dictionary<string, BrandAccess> { ["A"] = new(Role.Supervisor, []) });

    [Theory]
    [InlineData("A", "support", null, true)]
    [InlineData("A", "billing", null, false)]
    [InlineData("A", "billing", "agt_ann", true)]
    [InlineData("A", null, null, false)]
    [InlineData("B", "support", "agt_ann", false)]
    public void AnAgentSeesTheirTeamsAndTheirAssignmentsInTheirBrands(string brand, string? team, string? assignee, bool sees) =>
        Assert.Equal(sees, Visibility.CanSeeConversation(Agent, brand, team, assignee));

    [Fact]
    public void ASupervisorSeesAllOfTheirBrandAndTheOwnerSeesEverything()
    {
        Assert.True(Visibility.CanSeeConversation(Supervisor, "A", "billing", null));
        Assert.False(Visibility.CanSeeConversation(Supervisor, "B", null, null));
        Assert.True(Visibility.CanSeeConversation(Caller.Owner(), "B", null, null));
    }

    [Fact]
    public void AnAgentMayTakeOrDropOnlyTheirOwnAssignment()
    {
        Assert.True(Visibility.CanAssign(Agent, "A", null, "agt_ann"));
        Assert.True(Visibility.CanAssign(Agent, "A", "agt_ann", null));
        Assert.False(Visibility.CanAssign(Agent, "A", null, "agt_bob"));
        Assert.False(Visibility.CanAssign(Agent, "A", "agt_bob", "agt_ann"));
        Assert.True(Visibility.CanAssign(Supervisor, "A", "agt_bob", "agt_ann"));
    }
}

public sealed class OutgoingRulesTests
{
    [Fact]
    public void AMessageNeedsTextOrMediaWithinTheChannelsLimit()
    {
        Assert.Equal("empty_message", Assert.Throws<DomainException>(() => OutgoingRules.Validate(Channel.Sms, new Outgoing("  "))).Code);
        Assert.Equal("text_too_long", Assert.Throws<DomainException>(() => OutgoingRules.Validate(Channel.Messenger, new Outgoing(new string('x', 2001)))).Code);
        Assert.Equal("media_unsupported", Assert.Throws<DomainException>(() =>
            OutgoingRules.Validate(Channel.Sms, new Outgoing(null, [new MediaRef("image", "m1")]))).Code);
        Assert.Equal(("hi", 1), OutgoingRules.Validate(Channel.WhatsApp, new Outgoing(" hi ", [new MediaRef("image", "https://cdn.contoso.test/a.jpg")])) is var (t, m) ? (t, m.Count) : default);
    }
}

public sealed class NumberRuleTests
{
    [Fact]
    public void AWhatsAppNumberClaimsItsIdAndItsPhoneNumber() =>
        Assert.Equal(["whatsapp-id:106540352242922", "+14255550199"], NumberRules.Claims(Channel.WhatsApp, "106540352242922", "+14255550199"));

    [Fact]
    public void AnSmsAddressIsNormalizedToE164() => Assert.Equal("+14255550100", NumberRules.CanonicalAddress(Channel.Sms, "1 (425) 555-0100"));

    [Fact]
    public void ProviderIdsAreDigits() =>
        Assert.Equal("bad_address", Assert.Throws<DomainException>(() => NumberRules.CanonicalAddress(Channel.Telegram, "bot:abc")).Code);
}
