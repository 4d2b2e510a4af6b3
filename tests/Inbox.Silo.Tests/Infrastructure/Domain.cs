using Inbox.Actors;
using Inbox.Actors.Testing;
using Inbox.Actors.Tests;
using Inbox.Silo.Access;
using Inbox.Silo.Agents;
using Inbox.Silo.Brands;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;
using Inbox.Silo.Queries;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Silo.Tests;

/// <summary>
/// The Inbox domain on a test cluster (real grains, real store), with a brand, a support team and
/// numbers ready, a scripted sender and a record of published events.
/// </summary>
public sealed class Domain : IAsyncDisposable
{
    public const string SmsAddress = "+14255550100";
    public const string WhatsAppId = "106540352242922";
    public const string WhatsAppDisplay = "+14255550199";

    private Domain(TestCluster cluster, Dictionary<string, string?> configuration, ScriptedSender sender, TimeProvider? time)
    {
        Cluster = cluster;
        Configuration = configuration;
        Sender = sender;
        Time = time;
    }

    public TestCluster Cluster { get; }

    public Dictionary<string, string?> Configuration { get; }

    public ScriptedSender Sender { get; }

    public TimeProvider? Time { get; }

    private readonly List<InboxEvent> _events = [];

    /// <summary>The events published so far (they arrive a moment after the commit).</summary>
    public IReadOnlyList<InboxEvent> Events
    {
        get
        {
            lock (_events) return _events.ToArray();
        }
    }

    public Task EventAsync(Func<InboxEvent, bool> match, string what) => Eventually.True(() => Events.Any(match), what);

    public string BrandId { get; private set; } = "";

    public string TeamId { get; private set; } = "";

    public IGrainFactory Grains => Cluster.GrainFactory;

    public InboundProcessor Inbound => Cluster.Service<InboundProcessor>();

    public ConversationQueries Conversations => Cluster.Service<ConversationQueries>();

    public string SmsKey => new NumberKey(Channel.Sms, SmsAddress).ToString();

    public string WhatsAppKey => new NumberKey(Channel.WhatsApp, WhatsAppId).ToString();

    public static async Task<Domain> StartAsync(string store, ManualTimeProvider? time = null, Dictionary<string, string?>? configuration = null, ScriptedSender? sender = null)
    {
        configuration ??= Stores.Configuration(store);
        sender ??= new ScriptedSender();
        var domain = new Domain(await StartClusterAsync(configuration, sender, time), configuration, sender, time);
        await domain.SeedAsync();
        return domain;
    }

    /// <summary>Stops the silo (gracefully) and starts a new one on the same store: a restart.</summary>
    public async Task<Domain> RestartAsync()
    {
        await Cluster.DisposeAsync();
        var next = new Domain(await StartClusterAsync(Configuration, Sender, Time), Configuration, Sender, Time) { BrandId = BrandId, TeamId = TeamId };
        next.Subscribe();
        return next;
    }

    private static async Task<TestCluster> StartClusterAsync(Dictionary<string, string?> configuration, ScriptedSender sender, TimeProvider? time)
    {
        var cluster = new TestCluster(configuration, actors => actors.AddInboxGrains(), services =>
        {
            services.AddInboxDomain();
            services.AddSingleton<IChannelSender>(sender);
            services.AddSingleton<IChannelSenderFactory>(new ScriptedSender.Factory(sender));
            if (time is not null) services.AddSingleton(time);
        });
        await cluster.StartSiloAsync();
        return cluster;
    }

    private async Task SeedAsync()
    {
        Subscribe();
        BrandId = Ids.New("brd");
        var brand = Grains.GetGrain<IBrandGrain>(BrandId);
        await brand.Create(Caller.Owner(), "Contoso");
        TeamId = (await brand.AddTeam(Caller.Owner(), "Support")).Id;
        await RegisterAsync(SmsKey, new NumberRegistration(BrandId, Purpose.Support, ScriptedSender.Account, DefaultTeamId: TeamId, RatePerSecond: 1000, Burst: 1000));
        await RegisterAsync(WhatsAppKey, new NumberRegistration(BrandId, Purpose.Support, ScriptedSender.Account, WhatsAppDisplay, TeamId, 1000, 1000));
    }

    private void Subscribe() => Cluster.Service<InboxEvents>().Subscribe(e =>
    {
        lock (_events) _events.Add(e);
        return ValueTask.CompletedTask;
    });

    public Task<NumberView> RegisterAsync(string key, NumberRegistration registration) =>
        Grains.GetGrain<INumberGrain>(key).Register(Caller.Owner(), registration);

    public static InboundEvent Message(string from, string text, string? dedupeKey = null, Channel channel = Channel.Sms, string to = SmsAddress, DateTimeOffset? at = null) => new()
    {
        Kind = InboundKind.Message,
        Channel = channel,
        NumberAddress = to,
        SenderAddress = from,
        DedupeKey = dedupeKey ?? Ids.New("evt"),
        ProviderMessageId = dedupeKey,
        ProviderTimestamp = at ?? DateTimeOffset.UtcNow,
        Text = text,
    };

    public static InboundEvent Status(string providerMessageId, DeliveryStatus status, Channel channel = Channel.Sms, string to = SmsAddress) => new()
    {
        Kind = InboundKind.Status,
        Channel = channel,
        NumberAddress = to,
        SenderAddress = "+14255550123",
        DedupeKey = $"{providerMessageId}:{status}",
        ProviderMessageId = providerMessageId,
        ProviderTimestamp = DateTimeOffset.UtcNow,
        Status = status,
    };

    public async Task<ConversationRow> OnlyConversationAsync(string? contactAddress = null)
    {
        var page = await Conversations.ListAsync(Caller.Owner(), new ConversationFilter(BrandId), null, 50);
        return Assert.Single(page.Items, c => contactAddress is null || c.ContactAddress == contactAddress);
    }

    public async Task<IReadOnlyList<MessageView>> ThreadAsync(string conversationId) =>
        (await Conversations.ThreadAsync(Caller.Owner(), conversationId, null, 200))!.Items;

    /// <summary>An agent of the brand's team with the role, and the caller they act as.</summary>
    public async Task<(string Id, Caller Caller)> NewAgentAsync(string name, Role role)
    {
        var id = Ids.New("agt");
        var agent = Grains.GetGrain<IAgentGrain>(id);
        await agent.Create(Caller.Owner(), new NewAgent(name, $"{name.ToLowerInvariant()}-{id}@contoso.test"));
        await agent.SetMembership(Caller.Owner(), BrandId, role, [TeamId]);
        return (id, (await agent.AsCaller())!);
    }

    public async Task DrainAsync(string? numberKey = null) => await Grains.GetGrain<IOutboxGrain>(numberKey ?? SmsKey).Idle();

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
