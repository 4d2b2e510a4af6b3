using Inbox.Silo.Access;
using Inbox.Silo.Brands;
using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;
using Inbox.Silo.Contacts;
using Inbox.Silo.Conversations;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;

namespace Inbox.Silo.Tests.Compliance;

/// <summary>Every send is lawful and every opt-out is honoured, for its brand only.</summary>
public abstract class ComplianceConformance
{
    private const string Customer = "+14255550123";

    /// <summary>Monday 11:00 in Los Angeles, where the +1 425 numbers are.</summary>
    private static readonly DateTimeOffset Daytime = new(2026, 11, 23, 19, 0, 0, TimeSpan.Zero);

    protected abstract string Store { get; }

    [StoreFact]
    public async Task AStopToOneBrandLeavesTheSamePersonsConsentWithAnotherBrandUntouched()
    {
        var time = new FakeTimeProvider(Daytime);
        await using var domain = await Domain.StartAsync(Store, time);
        var other = Ids.New("brd");
        await domain.Grains.GetGrain<IBrandGrain>(other).Create(Caller.Owner(), "Fabrikam");
        await domain.RegisterAsync("sms:+14255550200", new NumberRegistration(other, Purpose.Support, ScriptedSender.Account));
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "hi Fabrikam", to: "+14255550200", at: time.GetUtcNow()));

        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "STOP", to: Domain.SmsAddress, at: time.GetUtcNow()));

        Assert.True((await Consent(domain, domain.BrandId, Customer)).For(domain.SmsKey).OptedOut);
        Assert.False((await Consent(domain, other, Customer)).For("sms:+14255550200").OptedOut);
        var fabrikam = (await domain.Conversations.ListAsync(Caller.Owner(), new(other), null, 10)).Items.Single();
        var reply = await domain.Grains.GetGrain<IConversationGrain>(fabrikam.Id).Send(Caller.Owner(), new Outgoing("Fabrikam here"));
        await Eventually.True(() => domain.Sender.Sent.Any(s => s.MessageId == reply.Id), "brand B still reaches the customer");
        await Eventually.True(() => domain.Sender.Sent.Any(s => s.From == Domain.SmsAddress && s.Text!.Contains("unsubscribed")), "brand A confirmed the STOP");
    }

    [StoreFact]
    public async Task StopOptsOutOfThatNumberAndStopAllOfEveryNumberOfTheBrandOnTheChannel()
    {
        var time = new FakeTimeProvider(Daytime);
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.RegisterAsync("sms:+14255550101", new NumberRegistration(domain.BrandId, Purpose.Alerts, ScriptedSender.Account));

        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "Stop.", to: Domain.SmsAddress, at: time.GetUtcNow()));
        var afterStop = await Consent(domain, domain.BrandId, Customer);
        Assert.True(afterStop.For(domain.SmsKey).OptedOut);
        Assert.False(afterStop.For("sms:+14255550101").OptedOut);

        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "STOPALL", to: "+14255550101", at: time.GetUtcNow()));
        var afterStopAll = await Consent(domain, domain.BrandId, Customer);
        Assert.True(afterStopAll.For(domain.SmsKey).OptedOut);
        Assert.True(afterStopAll.For("sms:+14255550101").OptedOut);
        Assert.False(afterStopAll.For(domain.WhatsAppKey).OptedOut); // another channel
        await Eventually.True(() => domain.Sender.Sent.Count(s => s.Text!.Contains("unsubscribed")) == 2, "one confirmation each");
    }

    [StoreFact]
    public async Task AnUnsubscribeReportedByTheChannelOptsOutWithoutAReply()
    {
        var time = new FakeTimeProvider(Daytime);
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.Inbound.ProcessAsync(Domain.Message("14255550123", "hi", channel: Channel.WhatsApp, to: Domain.WhatsAppId, at: time.GetUtcNow()));

        await domain.Inbound.ProcessAsync(new Inbox.Silo.Inbound.InboundEvent
        {
            Kind = Inbox.Silo.Inbound.InboundKind.Unsubscribe, Channel = Channel.WhatsApp, NumberAddress = Domain.WhatsAppId, SenderAddress = "14255550123",
            DedupeKey = "wa-unsub-1", ProviderTimestamp = time.GetUtcNow(),
        });

        var consent = await domain.Grains.GetGrain<IConsentGrain>(ConsentKeys.For(domain.BrandId, Channel.WhatsApp, Customer)).Get();
        Assert.True(consent.For(domain.WhatsAppKey).OptedOut);
        Assert.False((await Consent(domain, domain.BrandId, Customer)).For(domain.SmsKey).OptedOut); // SMS is another channel
        await domain.SentinelAsync(domain.WhatsAppKey);
        Assert.Empty(domain.Sent);
    }

    [StoreFact]
    public async Task AfterStopOnlyHelpAndStartAreAnsweredAndStartOptsBackIn()
    {
        var time = new FakeTimeProvider(Daytime);
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "STOP", at: time.GetUtcNow()));
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "help", at: time.GetUtcNow()));
        var conversation = await domain.OnlyConversationAsync();

        await Eventually.True(() => domain.Sender.Sent.Any(s => s.Text!.StartsWith("Contoso: reply here")), "HELP answered after STOP");
        var refused = await Assert.ThrowsAsync<DomainException>(() => domain.Grains.GetGrain<IConversationGrain>(conversation.Id).Send(Caller.Owner(), new Outgoing("Are you sure?")));
        Assert.Equal(("opted_out", DomainErrorKind.Refused), (refused.Code, refused.Kind));

        time.Advance(TimeSpan.FromMinutes(1)); // a START at the STOP's own time would lose the tie
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "START", at: time.GetUtcNow()));
        var allowed = await domain.Grains.GetGrain<IConversationGrain>(conversation.Id).Send(Caller.Owner(), new Outgoing("Welcome back"));
        await Eventually.True(() => domain.Sender.Sent.Any(s => s.MessageId == allowed.Id), "sent after START");
        Assert.DoesNotContain(domain.Sender.Sent, s => s.Text == "Are you sure?");
    }

    [StoreFact]
    public async Task ARedeliveredStopChangesNothingAndSendsNoSecondConfirmation()
    {
        var time = new FakeTimeProvider(Daytime);
        var domain = await Domain.StartAsync(Store, time);
        var stop = Domain.Message(Customer, "STOP", dedupeKey: "SM-STOP-1", at: time.GetUtcNow());

        await domain.Inbound.ProcessAsync(stop);
        await domain.Inbound.ProcessAsync(stop);
        await using var restarted = await domain.RestartAsync();
        await restarted.Inbound.ProcessAsync(stop);
        time.Advance(TimeSpan.FromSeconds(2)); // the job runner's poll resumes an outbox the stop interrupted
        await restarted.DrainAsync();

        await Eventually.True(() => restarted.Sender.Sent.Count(s => s.Text!.Contains("unsubscribed")) == 1, "one confirmation");
        await restarted.SentinelAsync();
        Assert.Single(restarted.Sender.Sent, s => s.Text!.Contains("unsubscribed"));
        var history = await restarted.Cluster.Service<ConsentHistory>().ForAsync(Caller.Owner(), restarted.BrandId, Channel.Sms, Customer);
        Assert.Single(history);
    }

    [StoreFact]
    public async Task AMessageQueuedBeforeAStopIsNotSentAfterIt()
    {
        var night = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero); // midnight in Los Angeles
        var time = new FakeTimeProvider(night);
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "thanks", at: night.AddDays(-3)));
        var conversation = await domain.OnlyConversationAsync();
        var followUp = await domain.Grains.GetGrain<IConversationGrain>(conversation.Id).Send(Caller.Owner(), new Outgoing("How did we do?"));
        Assert.Equal(DeliveryStatus.Queued, followUp.Status); // held by quiet hours

        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "STOP", at: night));
        await Eventually.True(() => domain.Sender.Sent.Any(s => s.Text!.Contains("unsubscribed")), "the STOP confirmed (at night: it answers the customer)");
        await domain.DrainAsync();
        time.Advance(TimeSpan.FromHours(8)); // 08:00 in Los Angeles: released, and checked again

        await Eventually.True(async () => (await domain.ThreadAsync(conversation.Id)).Single(m => m.Id == followUp.Id).Status == DeliveryStatus.Failed, "refused on release");
        Assert.Equal("opted_out", (await domain.ThreadAsync(conversation.Id)).Single(m => m.Id == followUp.Id).ErrorCode);
        Assert.DoesNotContain(domain.Sender.Sent, s => s.MessageId == followUp.Id);
    }

    [StoreFact]
    public async Task QuietHoursHoldAnAlertUntilEightInTheRecipientsZoneEvenAtAHalfHourOffset()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero)); // 06:30 in Kolkata
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.RegisterAsync("sms:+14255550177", new NumberRegistration(domain.BrandId, Purpose.Alerts, ScriptedSender.Account));
        const string india = "+919812345678";
        await OptInAsync(domain, india);

        var (_, message) = await domain.Cluster.Service<ContactStarter>().SendAsync(Caller.Owner(),
            new StartContact(domain.BrandId, Channel.Sms, Purpose.Alerts, india, "Your parcel arrives today"));
        Assert.Equal(DeliveryStatus.Queued, message.Status);

        time.Advance(TimeSpan.FromMinutes(89));
        await domain.SentinelAsync("sms:+14255550177");
        Assert.DoesNotContain(domain.Sender.Sent, s => s.MessageId == message.Id);
        time.Advance(TimeSpan.FromMinutes(1)); // 02:30 UTC = 08:00 in Kolkata
        await Eventually.True(() => domain.Sender.Sent.Any(s => s.MessageId == message.Id), "released at 08:00 IST");
    }

    [StoreFact]
    public async Task AnAreaCodeInTwoZonesWaitsUntilItIsAllowedInBoth()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 15, 30, 0, TimeSpan.Zero)); // 08:30 in Boise, 07:30 in Los Angeles
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.RegisterAsync("sms:+14255550177", new NumberRegistration(domain.BrandId, Purpose.Alerts, ScriptedSender.Account));
        const string idaho = "+12085550123";
        await OptInAsync(domain, idaho);

        var (_, message) = await domain.Cluster.Service<ContactStarter>().SendAsync(Caller.Owner(),
            new StartContact(domain.BrandId, Channel.Sms, Purpose.Alerts, idaho, "Reminder: appointment at 10"));
        time.Advance(TimeSpan.FromMinutes(29));
        await domain.SentinelAsync("sms:+14255550177");
        Assert.DoesNotContain(domain.Sender.Sent, s => s.MessageId == message.Id);

        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.True(() => domain.Sender.Sent.Any(s => s.MessageId == message.Id), "released at 08:00 in Los Angeles too");
    }

    [StoreFact]
    public async Task AWhatsAppWindowThatClosesWhileAMessageIsHeldFailsItOnRelease()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero)); // Sunday 22:00 in Los Angeles
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.Grains.GetGrain<IBrandGrain>(domain.BrandId).UpdateSettings(Caller.Owner(), new BrandSettings { RecentContact = TimeSpan.FromHours(1) });
        await domain.Inbound.ProcessAsync(Domain.Message("14255550123", "hello on WhatsApp", channel: Channel.WhatsApp, to: Domain.WhatsAppId,
            at: time.GetUtcNow().AddHours(-15))); // the window closes at 15:00 UTC
        var conversation = (await domain.Conversations.ListAsync(Caller.Owner(), new(domain.BrandId, Channel: Channel.WhatsApp), null, 10)).Items.Single();
        var grain = domain.Grains.GetGrain<IConversationGrain>(conversation.Id);

        var held = await grain.Send(Caller.Owner(), new Outgoing("Following up"));
        time.Advance(TimeSpan.FromHours(10)); // 16:00 UTC, 08:00 in Los Angeles: released after the window closed

        await Eventually.True(async () => (await domain.ThreadAsync(conversation.Id)).Single(m => m.Id == held.Id).Status == DeliveryStatus.Failed, "failed on release");
        Assert.Equal("window_closed", (await domain.ThreadAsync(conversation.Id)).Single(m => m.Id == held.Id).ErrorCode);
        var upFront = await Assert.ThrowsAsync<DomainException>(() => grain.Send(Caller.Owner(), new Outgoing("Still there?")));
        Assert.Equal("window_closed", upFront.Code);
    }

    [StoreFact]
    public async Task ATemplateGoesOutsideTheWindowAndTheComposerSaysWhatIsOpen()
    {
        var time = new FakeTimeProvider(Daytime);
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.Grains.GetGrain<INumberGrain>(domain.WhatsAppKey).AddTemplate(Caller.Owner(),
            new MessageTemplate("order_update", "en_US", "Hi {{1}}, order {{2}} has shipped."));
        await domain.Inbound.ProcessAsync(Domain.Message("14255550123", "hi", channel: Channel.WhatsApp, to: Domain.WhatsAppId, at: time.GetUtcNow().AddHours(-30)));
        var conversation = (await domain.Conversations.ListAsync(Caller.Owner(), new(domain.BrandId, Channel: Channel.WhatsApp), null, 10)).Items.Single();
        var grain = domain.Grains.GetGrain<IConversationGrain>(conversation.Id);

        var composer = await grain.Composer(Caller.Owner());
        Assert.Equal((domain.WhatsAppKey, false, false), (composer.NumberKey, composer.FreeFormAllowed, composer.Consent.OptedOut));
        Assert.Single(composer.Templates);
        var sent = await grain.Send(Caller.Owner(), new Outgoing(null, Template: new TemplateUse("order_update", "en_US", ["Ana", "#1234"])));

        Assert.Equal("Hi Ana, order #1234 has shipped.", sent.Text);
        await Eventually.True(() => domain.Sender.Sent.Any(s => s.MessageId == sent.Id && s.Template!.Name == "order_update"), "template sent");
        Assert.Equal("unknown_template", (await Assert.ThrowsAsync<DomainException>(() =>
            grain.Send(Caller.Owner(), new Outgoing(null, Template: new TemplateUse("nope", "en_US", []))))).Code);
    }

    [StoreFact]
    public async Task TheAuditTrailRecordsEveryChangeWithHowWhoAndWhy()
    {
        var time = new FakeTimeProvider(Daytime);
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "STOP", dedupeKey: "SM-9", at: time.GetUtcNow()));
        var consent = domain.Grains.GetGrain<IConsentGrain>(ConsentKeys.For(domain.BrandId, Channel.Sms, Customer));
        var agent = new Caller("Ann", "agt_ann", false, new Dictionary<string, BrandAccess> { [domain.BrandId] = new(Role.Agent, [domain.TeamId]) });

        Assert.Equal("missing_evidence", (await Assert.ThrowsAsync<DomainException>(() =>
            consent.Change(agent, new ConsentChange(ConsentAction.OptIn, ConsentMethod.Agent, domain.SmsKey)))).Code);
        time.Advance(TimeSpan.FromMinutes(1));
        await consent.Change(agent, new ConsentChange(ConsentAction.OptIn, ConsentMethod.Agent, domain.SmsKey, "asked on the phone", "call 2026-11-23 11:01"));
        time.Advance(TimeSpan.FromMinutes(1));
        await consent.Change(Caller.Owner(), new ConsentChange(ConsentAction.OptInMarketing, ConsentMethod.Api, Reason: "signed up on the web"));

        var history = await domain.Cluster.Service<ConsentHistory>().ForAsync(Caller.Owner(), domain.BrandId, Channel.Sms, Customer);
        Assert.Equal(["opt_in_marketing", "opt_in", "opt_out"], history.Select(h => h.Change));
        Assert.Equal(["api", "agent", "keyword"], history.Select(h => h.Method));
        Assert.Equal(["owner", "agt_ann", "customer"], history.Select(h => h.Actor));
        Assert.NotNull(history[2].MessageId);
        Assert.Equal("asked on the phone — evidence: call 2026-11-23 11:01", history[1].Reason);
        Assert.Equal("*", history[0].NumberKey);
        Assert.Equal(new ConsentSnapshot(false, true, true), (await consent.Get()).For(domain.SmsKey));
    }

    [StoreFact]
    public async Task TheFiguresComeFromWhatHappened()
    {
        var time = new FakeTimeProvider(Daytime);
        await using var domain = await Domain.StartAsync(Store, time);
        var start = time.GetUtcNow();
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "hi", at: start));
        await domain.Inbound.ProcessAsync(Domain.Message("14255550123", "hi", channel: Channel.WhatsApp, to: Domain.WhatsAppId, at: start));
        var sms = domain.Grains.GetGrain<IConversationGrain>((await domain.Conversations.ListAsync(Caller.Owner(), new(domain.BrandId, Channel: Channel.Sms), null, 5)).Items.Single().Id);
        var whatsapp = domain.Grains.GetGrain<IConversationGrain>((await domain.Conversations.ListAsync(Caller.Owner(), new(domain.BrandId, Channel: Channel.WhatsApp), null, 5)).Items.Single().Id);
        domain.Sender.Then(new SendResult.Accepted("p1"));
        domain.Sender.Then(new SendResult.Accepted("p2"));
        domain.Sender.Then(new SendResult.Undeliverable("30003", "unreachable handset"));
        var m1 = await sms.Send(Caller.Owner(), new Outgoing("one"));
        var m2 = await sms.Send(Caller.Owner(), new Outgoing("two"));
        var m3 = await sms.Send(Caller.Owner(), new Outgoing("three"));
        await Eventually.True(() => domain.Sender.Sent.Count == 3, "three sent");
        await domain.DrainAsync();
        time.Advance(TimeSpan.FromSeconds(4));
        await domain.Inbound.ProcessAsync(Domain.Status("p1", DeliveryStatus.Delivered) with { ProviderTimestamp = time.GetUtcNow() });
        time.Advance(TimeSpan.FromSeconds(4));
        await domain.Inbound.ProcessAsync(Domain.Status("p2", DeliveryStatus.Read) with { ProviderTimestamp = time.GetUtcNow() });
        await domain.Inbound.ProcessAsync(Domain.Status("p1", DeliveryStatus.Read) with { ProviderTimestamp = time.GetUtcNow() });
        await whatsapp.Send(Caller.Owner(), new Outgoing("wa"));
        await Eventually.True(() => domain.Sender.Sent.Count == 4, "whatsapp sent");
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "STOP", at: time.GetUtcNow()));
        await Eventually.True(() => domain.Sender.Sent.Count == 5, "stop confirmed");
        var refused = await Assert.ThrowsAsync<DomainException>(() => sms.Send(Caller.Owner(), new Outgoing("after stop")));
        Assert.Equal("opted_out", refused.Code);

        var figures = await domain.Cluster.Service<Figures>().ForBrandAsync(Caller.Owner(), domain.BrandId, start.AddMinutes(-1), time.GetUtcNow().AddMinutes(1));

        var smsFigures = figures.Numbers.Single(n => n.Scope == domain.SmsKey);
        // 2 replies + the STOP confirmation left; the reply after STOP was refused up front, so it is no message and no failure.
        Assert.Equal((Sent: 3, Delivered: 2, Read: 2, Failed: 1), (smsFigures.Sent, smsFigures.Delivered, smsFigures.Read, smsFigures.Failed));
        Assert.Equal(new Dictionary<string, int> { ["undeliverable"] = 1 }, smsFigures.FailedByReason);
        Assert.Equal(2.0 / 3, smsFigures.DeliveryRate);
        Assert.Equal(TimeSpan.FromSeconds(6), smsFigures.MedianTimeToDelivery); // 4 s and 8 s
        Assert.Equal((1, 0, 1), (smsFigures.OptOuts, smsFigures.OptIns, smsFigures.RefusedByConsent));
        var channels = figures.Channels.ToDictionary(c => c.Channel);
        Assert.Equal(3, channels[Channel.Sms].Sent);
        Assert.Equal(1, channels[Channel.WhatsApp].Sent);
        Assert.Equal(0, channels[Channel.WhatsApp].OptOuts);
        _ = (m1, m2, m3);
    }

    private static Task<ConsentView> Consent(Domain domain, string brandId, string address) =>
        domain.Grains.GetGrain<IConsentGrain>(ConsentKeys.For(brandId, Channel.Sms, address)).Get();

    private static Task<ConsentView> OptInAsync(Domain domain, string address) =>
        domain.Grains.GetGrain<IConsentGrain>(ConsentKeys.For(domain.BrandId, Channel.Sms, address))
            .Change(Caller.Owner(), new ConsentChange(ConsentAction.OptIn, ConsentMethod.Api, Reason: "signed up for delivery alerts"));
}

public sealed class SqliteCompliance : ComplianceConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresCompliance : ComplianceConformance
{
    protected override string Store => Stores.Postgres;
}
