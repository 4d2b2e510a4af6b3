using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Contacts;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;
using Inbox.Silo.Queries;

namespace Inbox.Silo.Tests.Inbound;

/// <summary>Short codes, alphanumeric sender ids and national numbers are senders like anyone else; only what cannot receive is never answered.</summary>
public abstract class SenderAddressConformance
{
    private const string UkNumber = "+447700900100";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task AShortCodeAndAnAlphanumericSenderEachGetAConversationAndOnlyTheShortCodeCanBeAnswered()
    {
        await using var domain = await Domain.StartAsync(Store);

        var results = await domain.Inbound.ProcessAsync([Domain.Message("72345", "Your code is 1234"), Domain.Message("CONTOSO", "Your parcel is on its way")]);

        Assert.All(results, r => Assert.Equal(InboundResult.Accepted, r));
        var shortCode = await domain.OnlyConversationAsync("72345");
        var alphanumeric = await domain.OnlyConversationAsync("CONTOSO");
        Assert.Equal(new ContactIdentity(ContactIdentity.ShortCode, "72345"), await IdentityAsync(domain, shortCode));
        Assert.Equal(new ContactIdentity(ContactIdentity.Alphanumeric, "CONTOSO"), await IdentityAsync(domain, alphanumeric));

        var answer = await domain.Grains.GetGrain<IConversationGrain>(shortCode.Id).Send(Caller.Owner(), new Outgoing("HELP"));
        Assert.Equal(DeliveryStatus.Queued, answer.Status);
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            domain.Grains.GetGrain<IConversationGrain>(alphanumeric.Id).Send(Caller.Owner(), new Outgoing("Thanks!")));
        Assert.Equal(("cannot_receive", DomainErrorKind.Refused), (refused.Code, refused.Kind));
        Assert.Contains("cannot receive", refused.Message);
        Assert.Equal(["Your parcel is on its way"], (await domain.ThreadAsync(alphanumeric.Id)).Select(m => m.Text));
        await domain.Grains.GetGrain<IConversationGrain>(alphanumeric.Id).Send(Caller.Owner(), new Outgoing("Spam again", IsPrivate: true));
    }

    [StoreFact]
    public async Task AKeywordFromAnAlphanumericSenderQueuesNoReply()
    {
        await using var domain = await Domain.StartAsync(Store);

        await domain.Inbound.ProcessAsync(Domain.Message("Bank-Alerts", "HELP"));

        var conversation = await domain.OnlyConversationAsync("Bank-Alerts");
        Assert.Equal([Direction.Inbound], (await domain.ThreadAsync(conversation.Id)).Select(m => m.Direction));
    }

    [StoreFact]
    public async Task StartingContactWithAnAlphanumericSenderIsRefusedAndCreatesNothing()
    {
        await using var domain = await Domain.StartAsync(Store);

        var refused = await Assert.ThrowsAsync<DomainException>(() => domain.Cluster.Service<ContactStarter>().SendAsync(Caller.Owner(),
            new StartContact(domain.BrandId, Channel.Sms, Purpose.Support, "CONTOSO", "hello")));

        Assert.Equal("cannot_receive", refused.Code);
        Assert.Empty((await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), null, 50)).Items);
    }

    [StoreFact]
    public async Task ANationalNumberIsReadInTheCountryOfTheNumberThatReceivedIt()
    {
        await using var domain = await Domain.StartAsync(Store);
        await domain.RegisterAsync($"sms:{UkNumber}", new NumberRegistration(domain.BrandId, Purpose.Support, ScriptedSender.Account));

        await domain.Inbound.ProcessAsync([
            Domain.Message("425 555 0123", "from Seattle"),
            Domain.Message("07700 900123", "from London", to: UkNumber),
            Domain.Message("(425) 555-0124", "on WhatsApp", channel: Channel.WhatsApp, to: Domain.WhatsAppId),
        ]);

        var page = await domain.Conversations.ListAsync(Caller.Owner(), new ConversationFilter(domain.BrandId), null, 50);
        Assert.Equal(
            [("+14255550123", domain.SmsKey), ("+14255550124", domain.WhatsAppKey), ("+447700900123", $"sms:{UkNumber}")],
            page.Items.Select(c => (c.ContactAddress, c.NumberKey)).Order());
    }

    private static async Task<ContactIdentity> IdentityAsync(Domain domain, ConversationRow conversation) =>
        Assert.Single((await domain.Grains.GetGrain<IContactGrain>(conversation.ContactId).Get())!.Identities);
}

public sealed class SqliteSenderAddresses : SenderAddressConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresSenderAddresses : SenderAddressConformance
{
    protected override string Store => Stores.Postgres;
}
