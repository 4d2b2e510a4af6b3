using Inbox.Silo.Access;
using Inbox.Silo.Accounts;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Inbox.Silo.Numbers;

namespace Inbox.Silo.Tests.Accounts;

/// <summary>A provider account added while Inbox runs sends at once, through the connector for its kind; one no connector serves fails clearly.</summary>
public abstract class SendersPerAccountConformance
{
    private const string Bot = "7000000042";

    protected abstract string Store { get; }

    [StoreFact]
    public async Task AnAccountAddedWhileRunningSendsThroughTheConnectorForItsKind()
    {
        await using var domain = await Domain.StartAsync(Store);
        var account = await NewAccountAsync(domain, ProviderAccountKind.TelegramBot);
        await domain.RegisterAsync(new NumberKey(Channel.Telegram, Bot).ToString(), new NumberRegistration(domain.BrandId, Purpose.Support, account, DefaultTeamId: domain.TeamId));
        await domain.Inbound.ProcessAsync([Domain.Message("555001", "hello bot", channel: Channel.Telegram, to: Bot)]);
        var conversation = await domain.OnlyConversationAsync("555001");

        var reply = await domain.Grains.GetGrain<IConversationGrain>(conversation.Id).Send(Caller.Owner(), new Outgoing("Hello from the new bot"));

        await Eventually.True(() => domain.Sender.Sent.Any(s => s.MessageId == reply.Id), "sent");
        Assert.Equal(account, domain.Sender.Sent.Single(s => s.MessageId == reply.Id).ProviderAccount);
        Assert.Contains(account, domain.Cluster.Service<IEnumerable<Inbox.Silo.Outbound.IChannelSenderFactory>>().OfType<ScriptedSender.Factory>().Single().MadeFor);
    }

    [StoreFact]
    public async Task AnAccountOfAKindNoConnectorServesFailsItsMessageSayingSo()
    {
        await using var domain = await Domain.StartAsync(Store);
        var account = await NewAccountAsync(domain, ProviderAccountKind.AcsResource);
        const string alerts = "+15550100177";
        await domain.RegisterAsync(new NumberKey(Channel.Sms, alerts).ToString(), new NumberRegistration(domain.BrandId, Purpose.Support, account, DefaultTeamId: domain.TeamId));
        await domain.Inbound.ProcessAsync([Domain.Message("+14255550123", "hi", to: alerts)]);
        var conversation = await domain.OnlyConversationAsync("+14255550123");

        var reply = await domain.Grains.GetGrain<IConversationGrain>(conversation.Id).Send(Caller.Owner(), new Outgoing("Can anyone send this?"));

        await domain.EventAsync(e => e is MessageStatusChanged { Status: DeliveryStatus.Failed, ErrorCode: "no_sender" } s && s.MessageId == reply.Id, "failed");
        var failed = (await domain.ThreadAsync(conversation.Id)).Single(m => m.Id == reply.Id);
        Assert.Contains("no connector for AcsResource", failed.ErrorReason);
        Assert.DoesNotContain(domain.Sender.Sent, s => s.MessageId == reply.Id);
    }

    private static async Task<string> NewAccountAsync(Domain domain, ProviderAccountKind kind)
    {
        var id = Ids.New("acc");
        await domain.Grains.GetGrain<IProviderAccountGrain>(id).Create(Caller.Owner(), new NewProviderAccount(kind, "Added at run time", domain.BrandId));
        return id;
    }
}

public sealed class SqliteSendersPerAccount : SendersPerAccountConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresSendersPerAccount : SendersPerAccountConformance
{
    protected override string Store => Stores.Postgres;
}
