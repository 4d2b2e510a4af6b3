using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;
using Inbox.Silo.Conversations;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;
using Inbox.Silo.Queries;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Tests.Compliance;

/// <summary>Urgent goes through quiet hours only for an alert from an allowed API key, and is audited with its message.</summary>
public abstract class UrgentAlertsConformance
{
    private const string Customer = "+14255550188";
    private const string AlertsNumber = "sms:+14255550177";
    private const string MarketingNumber = "sms:+14255550166";

    /// <summary>Tuesday 00:00 in Los Angeles, where the customer is: quiet hours hold anything that starts contact.</summary>
    private static readonly DateTimeOffset Midnight = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    protected abstract string Store { get; }

    [StoreFact]
    public async Task AnAlertFromAnAllowedKeyGoesThroughQuietHoursAndItsAuditNamesTheMessage()
    {
        await using var domain = await StartAsync();
        var key = Caller.ForApiKey("alerts", domain.BrandId, Role.Admin, allowUrgent: true);

        var (_, message) = await Starter(domain).SendAsync(key, new StartContact(domain.BrandId, Channel.Sms, Purpose.Alerts, Customer,
            "Your card was blocked. Call us if this was not you.", Urgent: true, UrgentReason: "suspected fraud"));

        Assert.Null(message.HeldUntil);
        await Eventually.True(() => domain.Sender.Sent.Any(s => s.MessageId == message.Id), "sent at midnight");
        Assert.Equal([(message.Id, "suspected fraud")], await UrgentAuditAsync(domain));
    }

    [StoreFact]
    public async Task UrgentIsRefusedForMarketingSupportAgentsTheOwnerAndKeysWithoutTheFlag()
    {
        await using var domain = await StartAsync();
        var allowed = Caller.ForApiKey("alerts", domain.BrandId, Role.Admin, allowUrgent: true);
        var supervisor = new Caller("Sue", "agt_sue", false, new Dictionary<string, BrandAccess> { [domain.BrandId] = new(Role.Supervisor, [domain.TeamId]) });
        var attempts = new (Caller Caller, Purpose Purpose)[]
        {
            (allowed, Purpose.Marketing), (allowed, Purpose.Support), (supervisor, Purpose.Alerts), (Caller.Owner(), Purpose.Alerts),
            (Caller.ForApiKey("ops", domain.BrandId, Role.Admin), Purpose.Alerts),
        };

        foreach (var (caller, purpose) in attempts)
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => Starter(domain).SendAsync(caller,
                new StartContact(domain.BrandId, Channel.Sms, purpose, Customer, "Now!", Urgent: true, UrgentReason: "it cannot wait")));
            Assert.Equal(("urgent_not_allowed", DomainErrorKind.Refused), (refused.Code, refused.Kind));
        }

        Assert.Empty((await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), null, 50)).Items);
        Assert.Empty(await UrgentAuditAsync(domain));
        await domain.SentinelAsync(AlertsNumber);
        Assert.Empty(domain.Sent);
    }

    [StoreFact]
    public async Task AReplyIsNeverUrgentAndAnUrgentSendNeedsAReason()
    {
        await using var domain = await StartAsync();
        var allowed = Caller.ForApiKey("alerts", domain.BrandId, Role.Admin, allowUrgent: true);
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hi", at: Midnight));
        var conversation = (await domain.OnlyConversationAsync()).Id;

        var reply = await Assert.ThrowsAsync<DomainException>(() => domain.Grains.GetGrain<IConversationGrain>(conversation)
            .Send(allowed, new Outgoing("Right away", Urgent: true, UrgentReason: "it cannot wait")));
        Assert.Equal("urgent_not_allowed", reply.Code);
        Assert.Single(await domain.ThreadAsync(conversation));

        var missing = await Assert.ThrowsAsync<DomainException>(() => Starter(domain).SendAsync(allowed,
            new StartContact(domain.BrandId, Channel.Sms, Purpose.Alerts, Customer, "Now!", Urgent: true)));
        Assert.Equal((DomainErrorKind.Invalid, "urgentReason"), (missing.Kind, missing.Field));
        Assert.Single((await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), null, 50)).Items);
    }

    private async Task<Domain> StartAsync()
    {
        var domain = await Domain.StartAsync(Store, new FakeTimeProvider(Midnight));
        await domain.RegisterAsync(AlertsNumber, new NumberRegistration(domain.BrandId, Purpose.Alerts, ScriptedSender.Account));
        await domain.RegisterAsync(MarketingNumber, new NumberRegistration(domain.BrandId, Purpose.Marketing, ScriptedSender.Account));
        var consent = domain.Grains.GetGrain<IConsentGrain>(ConsentKeys.For(domain.BrandId, Channel.Sms, Customer));
        await consent.Change(Caller.Owner(), new ConsentChange(ConsentAction.OptIn, ConsentMethod.Api, Reason: "signed up for card alerts"));
        await consent.Change(Caller.Owner(), new ConsentChange(ConsentAction.OptInMarketing, ConsentMethod.Api, Reason: "signed up for offers"));
        return domain;
    }

    private static ContactStarter Starter(Domain domain) => domain.Cluster.Service<ContactStarter>();

    private static Task<List<(string?, string?)>> UrgentAuditAsync(Domain domain) => domain.Cluster.Service<Rows>().QueryAsync(
        "SELECT message_id, reason FROM send_events WHERE brand_id = $1 AND kind = 'urgent'", [domain.BrandId], r => (r.Text(0), r.Text(1)));
}

public sealed class SqliteUrgentAlerts : UrgentAlertsConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresUrgentAlerts : UrgentAlertsConformance
{
    protected override string Store => Stores.Postgres;
}
