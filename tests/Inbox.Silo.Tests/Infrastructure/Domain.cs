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
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Inbox.Silo.Tests;

/// <summary>
/// The Inbox domain on Orleans' in-process test cluster (real grains, real store), with a brand, a support
/// team and numbers ready, a scripted sender and a record of published events. One silo, configured as the
/// web host configures its own (<see cref="InboxSiloExtensions.AddInboxDomain"/>): two silos on one SQLite
/// file would be two writers. A fake clock, when given, is the application's (<see cref="AppClock"/>), never
/// Orleans' own (dotnet/orleans #9131).
/// </summary>
public sealed class Domain : IAsyncDisposable
{
    public const string SmsAddress = "+14255550100";
    public const string WhatsAppId = "106540352242922";
    public const string WhatsAppDisplay = "+14255550199";

    private Domain(InProcessTestCluster cluster, StoreConfig configuration, ScriptedSender sender, FakeTimeProvider? time)
    {
        Cluster = cluster;
        Configuration = configuration;
        Sender = sender;
        Time = time;
    }

    public InProcessTestCluster Cluster { get; }

    public StoreConfig Configuration { get; }

    public ScriptedSender Sender { get; }

    public FakeTimeProvider? Time { get; }

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

    /// <summary>The silo's own grain factory, as the co-hosted web app calls grains.</summary>
    public IGrainFactory Grains => Cluster.Service<IGrainFactory>();

    /// <summary>The application's clock: the fake one when the test gave one.</summary>
    public DateTimeOffset Now => Cluster.Service<AppClock>().GetUtcNow();

    public InboundProcessor Inbound => Cluster.Service<InboundProcessor>();

    public ConversationQueries Conversations => Cluster.Service<ConversationQueries>();

    public string SmsKey => new NumberKey(Channel.Sms, SmsAddress).ToString();

    public string WhatsAppKey => new NumberKey(Channel.WhatsApp, WhatsAppId).ToString();

    /// <summary>
    /// A domain on one silo, or on <paramref name="silos"/> silos sharing one PostgreSQL store (SQLite has one writer).
    /// The test's own subscriber, and <see cref="Grains"/>, are on the first silo.
    /// </summary>
    public static async Task<Domain> StartAsync(string store, FakeTimeProvider? time = null, StoreConfig? configuration = null, ScriptedSender? sender = null, int silos = 1)
    {
        if (silos > 1 && store != Stores.Postgres) throw new ArgumentException("Several silos share a store on PostgreSQL only.", nameof(silos));
        configuration ??= Stores.Fresh(store);
        sender ??= new ScriptedSender();
        var domain = new Domain(await StartClusterAsync(configuration, sender, time, silos), configuration, sender, time);
        await domain.SeedAsync();
        return domain;
    }

    /// <summary>Stops the silo (gracefully) and starts a new one on the same store: a restart.</summary>
    public async Task<Domain> RestartAsync()
    {
        await Cluster.DisposeAsync();
        var next = new Domain(await StartClusterAsync(Configuration, Sender, Time), Configuration, Sender, Time) { BrandId = BrandId, TeamId = TeamId };
        await next.SubscribeAsync();
        return next;
    }

    private static async Task<InProcessTestCluster> StartClusterAsync(StoreConfig configuration, ScriptedSender sender, FakeTimeProvider? time, int silos = 1)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ServiceId = configuration.ServiceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(configuration.Settings));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddInboxStorage(storage => storage.AddMigrationsFrom(InboxSiloExtensions.Schema)).AddInboxDomain();
            silo.Services.AddSingleton<IChannelSender>(sender);
            silo.Services.AddSingleton<IChannelSenderFactory>(new ScriptedSender.Factory(sender));
            if (time is not null) silo.Services.AddSingleton(new AppClock(time));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private async Task SeedAsync()
    {
        BrandId = Ids.New("brd");
        await SubscribeAsync();
        var brand = Grains.GetGrain<IBrandGrain>(BrandId);
        await brand.Create(Caller.Owner(), "Contoso");
        TeamId = (await brand.AddTeam(Caller.Owner(), "Support")).Id;
        await RegisterAsync(SmsKey, new NumberRegistration(BrandId, Purpose.Support, ScriptedSender.Account, DefaultTeamId: TeamId, RatePerSecond: 1000, Burst: 1000));
        await RegisterAsync(WhatsAppKey, new NumberRegistration(BrandId, Purpose.Support, ScriptedSender.Account, WhatsAppDisplay, TeamId, 1000, 1000));
    }

    private Task<IDisposable> SubscribeAsync() => Cluster.Service<InboxEvents>().SubscribeAsync(BrandId, e =>
    {
        lock (_events) _events.Add(e);
        return ValueTask.CompletedTask;
    });

    /// <summary>One silo's own services (each silo of the cluster has its own container), as the web app co-hosted with it sees them.</summary>
    public IServiceProvider Node(int silo) => Cluster.Silos[silo].ServiceProvider;

    /// <summary>The index of the silo where <paramref name="grain"/> is active now, or -1 (not active, or moving).</summary>
    public async Task<int> SiloOfAsync(IAddressable grain)
    {
        var address = await Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        return Cluster.Silos.ToList().FindIndex(s => s.SiloAddress.Equals(address));
    }

    /// <summary>Moves a conversation's activation to <paramref name="silo"/> (Orleans' migration keeps its state), if it is elsewhere.</summary>
    public async Task PlaceOnAsync(IConversationGrain conversation, int silo)
    {
        if (await SiloOfAsync(conversation) == silo) return;
        await Cluster.MigrateAsync(conversation, Cluster.Silos[silo].SiloAddress);
        await Eventually.True(async () =>
        {
            await conversation.Get(Caller.Owner());
            return await SiloOfAsync(conversation) == silo;
        }, $"the conversation is active on silo {silo}");
    }

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

    /// <summary>
    /// The barrier before a check that something was not sent: a reply to a customer of its own through
    /// <paramref name="numberKey"/>'s outbox, waited for until it has gone and the drain pass that sent it has
    /// ended. Whatever was queued on that number before it has gone by then, so the check still fails when
    /// something went that should not have. Its sends are told apart by <see cref="ToSentinel"/>.
    /// </summary>
    public async Task SentinelAsync(string? numberKey = null)
    {
        var key = NumberKey.Parse(numberKey ?? SmsKey);
        var digits = Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var from = key.Channel switch
        {
            Channel.Sms => "+1206555" + digits,
            Channel.WhatsApp => "1206555" + digits,
            _ => "990555" + digits,
        };
        await Inbound.ProcessAsync(new InboundEvent
        {
            Kind = InboundKind.Message, Channel = key.Channel, NumberAddress = key.Address, SenderAddress = from,
            DedupeKey = Ids.New("evt"), ProviderTimestamp = Now, Text = "sentinel",
        });
        var target = await Grains.GetGrain<INumberGrain>(key.ToString()).Route(from, null) ?? throw new InvalidOperationException($"{key} routes nothing.");
        var sentinel = await Grains.GetGrain<IConversationGrain>(target.ConversationId).Send(Caller.Owner(), new Outgoing("sentinel"));
        await Eventually.True(() => Sender.Sent.Any(s => s.MessageId == sentinel.Id), "the sentinel was sent");
        await DrainAsync(key.ToString());
    }

    /// <summary>Whether a send went to a customer of <see cref="SentinelAsync"/>'s (its reply, or an auto-reply to it).</summary>
    public static bool ToSentinel(OutboundMessage message) => message.To.StartsWith("+1206555", StringComparison.Ordinal) || message.To.StartsWith("990555", StringComparison.Ordinal);

    /// <summary>What was sent, the sentinels' sends left out.</summary>
    public IReadOnlyList<OutboundMessage> Sent => Sender.Sent.Where(m => !ToSentinel(m)).ToArray();

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
