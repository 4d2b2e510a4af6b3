using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;

namespace Inbox.Silo.Tests.Compliance;

/// <summary>Urgent skips quiet hours, so only alerts that start contact, through an API key an admin allowed, with a reason.</summary>
public sealed class UrgentSendTests
{
    private const string Brand = "brd_1";
    private const string Reason = "card blocked after a suspected fraud";
    private static readonly Caller AllowedKey = Caller.ForApiKey("alerts", Brand, Role.Admin, allowUrgent: true);

    [Fact]
    public void AnAlertThatStartsContactThroughAnAllowedKeyMayBeUrgent() =>
        Assert.Null(UrgentSends.Refusal(AllowedKey, startsContact: true, Purpose.Alerts, Purpose.Alerts, Reason));

    [Fact]
    public void MarketingAndSupportAreNeverUrgent()
    {
        AssertNotAllowed(UrgentSends.Refusal(AllowedKey, true, Purpose.Marketing, Purpose.Marketing, Reason), "marketing");
        AssertNotAllowed(UrgentSends.Refusal(AllowedKey, true, Purpose.Support, Purpose.Support, Reason), "support");
    }

    [Fact]
    public void AReplyOrAnAlertFromAnotherKindOfNumberIsNeverUrgent()
    {
        AssertNotAllowed(UrgentSends.Refusal(AllowedKey, false, null, Purpose.Alerts, Reason), "starts contact");
        AssertNotAllowed(UrgentSends.Refusal(AllowedKey, true, Purpose.Alerts, Purpose.Support, Reason), "alerts number");
    }

    [Fact]
    public void OnlyAnApiKeyWithTheFlagMaySendUrgent()
    {
        var agent = new Caller("Ann", "agt_ann", false, new Dictionary<string, BrandAccess> { [Brand] = new(Role.Admin, []) }, AllowUrgent: true);

        AssertNotAllowed(UrgentSends.Refusal(Caller.ForApiKey("ops", Brand, Role.Admin), true, Purpose.Alerts, Purpose.Alerts, Reason), "allowUrgent");
        AssertNotAllowed(UrgentSends.Refusal(Caller.Owner(), true, Purpose.Alerts, Purpose.Alerts, Reason), "API key");
        AssertNotAllowed(UrgentSends.Refusal(agent, true, Purpose.Alerts, Purpose.Alerts, Reason), "API key");
    }

    [Fact]
    public void AnUrgentSendWithoutAReasonIsMalformedWhoeverSendsIt()
    {
        foreach (var caller in new[] { AllowedKey, Caller.Owner() })
        {
            var missing = Assert.IsType<DomainException>(UrgentSends.Refusal(caller, true, Purpose.Alerts, Purpose.Alerts, "  "));
            Assert.Equal((DomainErrorKind.Invalid, "urgentReason"), (missing.Kind, missing.Field));
        }
    }

    private static void AssertNotAllowed(DomainException? refusal, string reasonMentions)
    {
        Assert.NotNull(refusal);
        Assert.Equal(("urgent_not_allowed", DomainErrorKind.Refused), (refusal.Code, refusal.Kind));
        Assert.Contains(reasonMentions, refusal.Message, StringComparison.OrdinalIgnoreCase);
    }
}
