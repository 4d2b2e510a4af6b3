using Inbox.Silo.Access;
using Inbox.Silo.Accounts;
using Inbox.Silo.Agents;
using Inbox.Silo.Brands;
using Inbox.Silo.Compliance;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;
using Inbox.Silo.Queries;
using Inbox.Web.Accounts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Demo;

/// <summary>
/// Lays <see cref="DemoPlan"/> down, once the server listens (the fakes must reach it, and it them): what exists is
/// left as it is and only what is missing is made, so a second start changes nothing and a start after a channel's fake
/// was added brings that channel's numbers and conversations. The accounts' credentials are pointed at this process's
/// fakes on every start, since the port may differ. A store with brands of its own and none of the demo's is left alone.
/// </summary>
public sealed partial class DemoData(IOptions<DemoOptions> options, IGrainFactory grains, DirectoryQueries directory, InboundProcessor inbound,
    ProviderCredentials credentials, DemoChannels channels, IServer server, TimeProvider time, IHostEnvironment environment, ILogger<DemoData> logger)
    : IHostedLifecycleService
{
    public const string OwnerEmail = "owner@inbox.test";
    public const string SupervisorEmail = "supervisor@inbox.test";
    public const string AgentEmail = "agent@inbox.test";
    public const string WorkshopEmail = "workshop@inbox.test";
    public const string Password = "inbox-demo";

    /// <summary>The owner key the demo answers to when no Inbox:OwnerApiKey is configured.</summary>
    public const string DemoOwnerKey = "dev-owner-key";

    private static readonly Caller Owner = Caller.Owner("demo");

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return;
        if (!environment.IsDevelopment()) LogDemoOutsideDevelopment(logger, environment.EnvironmentName);
        var brands = await directory.BrandsAsync(Caller.Owner());
        if (brands.Count > 0 && !brands.Any(b => DemoPlan.Brands.Any(d => d.Id == b.Id)))
        {
            LogNotADemoStore(logger, brands.Count);
            return;
        }
        var app = DemoAddress.Of(server) ?? throw new InvalidOperationException("The demo's fakes need the server's address, and the server has none.");

        var teams = new Dictionary<(string Brand, string Team), string>();
        foreach (var plan in DemoPlan.Brands)
        {
            var brand = grains.GetGrain<IBrandGrain>(plan.Id);
            var view = await brand.Get();
            if (view is null)
            {
                await brand.Create(Owner, plan.Name);
                view = await brand.UpdateSettings(Owner, plan.Settings);
            }
            foreach (var team in plan.Teams)
                teams[(plan.Id, team)] = view.Teams.FirstOrDefault(t => t.Name == team)?.Id ?? (await brand.AddTeam(Owner, team)).Id;
        }
        foreach (var plan in DemoPlan.Agents)
        {
            var agent = grains.GetGrain<IAgentGrain>(plan.Id);
            if (await agent.Get() is not null) continue;
            await agent.Create(Owner, new NewAgent(plan.Name, plan.Email, Password, plan.IsOwner));
            foreach (var member in plan.Memberships)
                await agent.SetMembership(Owner, member.BrandId, member.Role, [.. member.Teams.Select(t => teams[(member.BrandId, t)])]);
        }
        foreach (var channel in channels.All) await ConnectAsync(channel, app, cancellationToken);
        foreach (var number in DemoPlan.Numbers)
        {
            if (channels.For(number.Channel) is { } channel) await RegisterAsync(number, channel, teams);
        }
        LogReady(logger, string.Join(", ", DemoPlan.Agents.Select(a => a.Email)), Password, new Uri(app, "simulator"));
    }

    /// <summary>The channel's accounts made if missing, their credentials set to this process's fake if they differ, and the fake told where the webhook is.</summary>
    private async Task ConnectAsync(IDemoChannel channel, Uri app, CancellationToken cancellationToken)
    {
        var fake = await channel.ApiAsync(new Uri(app, $"{DemoChannels.Prefix.TrimStart('/')}/{channel.Path}/"), cancellationToken);
        foreach (var account in channel.Accounts(fake))
        {
            var grain = grains.GetGrain<IProviderAccountGrain>(account.Id);
            if (await grain.Get() is null)
                await grain.Create(Owner, new NewProviderAccount(account.Kind, account.Name, SharedWith: [.. DemoPlan.Brands.Select(b => b.Id)]));
            var current = await credentials.GetAsync(account.Id);
            if (account.Credentials.Any(c => current.GetValueOrDefault(c.Key) != c.Value))
                await credentials.SetAsync(Owner, account.Id, account.Credentials.ToDictionary(c => c.Key, c => (string?)c.Value));
        }
        if (await channel.ConnectAsync(app, cancellationToken) is { } refusal) LogNotConnected(logger, channel.Fake.Channel, refusal);
    }

    /// <summary>A number made once, with its conversations (through the inbound path, as if they had just been delivered).</summary>
    private async Task RegisterAsync(DemoNumber number, IDemoChannel channel, Dictionary<(string Brand, string Team), string> teams)
    {
        var grain = grains.GetGrain<INumberGrain>(number.Key);
        if (await grain.Get() is not null) return;
        await grain.Register(Owner, new NumberRegistration(number.BrandId, number.Purpose, channel.NumbersAccount, number.Display,
            number.Team is { } team ? teams[(number.BrandId, team)] : null, AutoReply: number.AutoReply));
        var now = time.GetUtcNow();
        foreach (var (message, index) in DemoPlan.Conversations.Select((m, i) => (m, i)).Where(m => m.m.Channel == number.Channel && m.m.To == number.Address))
        {
            if (message.OptedIn is { } reason)
                await grains.GetGrain<IConsentGrain>(ConsentKeys.For(number.BrandId, number.Channel, message.From))
                    .Change(Owner, new ConsentChange(ConsentAction.OptIn, ConsentMethod.Api, Reason: reason));
            await inbound.ProcessAsync(new InboundEvent
            {
                Kind = InboundKind.Message, Channel = message.Channel, NumberAddress = message.To, SenderAddress = message.From, SenderName = message.Name,
                DedupeKey = $"demo:{number.Key}:{index}", ProviderTimestamp = now.AddMinutes(-message.MinutesAgo), Text = message.Text,
            });
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The demo is on in {Environment}: its owner key and passwords are public. Set Inbox:Demo:Enabled to false for real use.")]
    private static partial void LogDemoOutsideDevelopment(ILogger logger, string environment);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: the store has {Count} brands of its own and none of the demo's; no demo data is laid")]
    private static partial void LogNotADemoStore(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: the {Channel} fake could not reach the app's webhook: {Refusal}")]
    private static partial void LogNotConnected(ILogger logger, Silo.Channels.Channel channel, string refusal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: brands Contoso Coffee and Fabrikam Bikes; sign in as {Agents} (password {Password}); play the customer at {Simulator}")]
    private static partial void LogReady(ILogger logger, string agents, string password, Uri simulator);
}
