using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Agents;
using Inbox.Silo.Brands;
using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;
using Inbox.Silo.Queries;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Demo;

public static class DemoExtensions
{
    /// <summary>Demo data on an empty store, when Inbox:Demo:Enabled (Development).</summary>
    public static IServiceCollection AddDemoData(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>().BindConfiguration("Inbox:Demo");
        return services.AddHostedService<DemoData>();
    }
}

/// <summary>Bound from "Inbox:Demo"; on in Development (appsettings.Development.json).</summary>
public sealed class DemoOptions
{
    public bool Enabled { get; set; }
}

/// <summary>
/// A brand to try Inbox with, made once on an empty store: numbers on the built-in "sandbox"
/// provider account (it accepts every message and reports it delivered), an owner and an agent who
/// can sign in, and a few customer conversations that arrive through the real inbound path.
/// </summary>
public sealed partial class DemoData(IOptions<DemoOptions> options, IGrainFactory grains, DirectoryQueries directory, InboundProcessor inbound,
    TimeProvider time, IHostEnvironment environment, ILogger<DemoData> logger) : IHostedService
{
    public const string OwnerEmail = "owner@inbox.test";
    public const string AgentEmail = "agent@inbox.test";
    public const string Password = "inbox-demo";

    /// <summary>The owner key the demo answers to when no Inbox:OwnerApiKey is configured.</summary>
    public const string DemoOwnerKey = "dev-owner-key";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return;
        if (!environment.IsDevelopment()) LogDemoOutsideDevelopment(logger, environment.EnvironmentName);
        if ((await directory.BrandsAsync(Caller.Owner())).Count > 0) return;
        var owner = Caller.Owner("demo");
        var brandId = Ids.New("brd");
        var brand = grains.GetGrain<IBrandGrain>(brandId);
        await brand.Create(owner, "Contoso Coffee");
        var support = await brand.AddTeam(owner, "Support");
        await brand.AddTeam(owner, "Billing");
        await Register("sms:+15550100100", new NumberRegistration(brandId, Purpose.Support, "sandbox", DefaultTeamId: support.Id));
        await Register("whatsapp:100000000000001", new NumberRegistration(brandId, Purpose.Support, "sandbox", "+15550100101", support.Id));
        await Register("sms:+15550100102", new NumberRegistration(brandId, Purpose.Alerts, "sandbox",
            AutoReply: "Contoso Coffee alerts are one-way. For help, text +1 555 010 0100."));

        await grains.GetGrain<IAgentGrain>(Ids.New("agt")).Create(owner, new NewAgent("Olivia Owner", OwnerEmail, Password, IsOwner: true));
        var agent = grains.GetGrain<IAgentGrain>(Ids.New("agt"));
        await agent.Create(owner, new NewAgent("Sam Agent", AgentEmail, Password));
        await agent.SetMembership(owner, brandId, Role.Agent, [support.Id]);

        var now = time.GetUtcNow();
        await Say(Channel.Sms, "+15550100100", "+14255550123", "Ana", "Hi! My order #1042 hasn't arrived yet.", now.AddMinutes(-42));
        await Say(Channel.Sms, "+15550100100", "+14255550123", "Ana", "It was due on Friday.", now.AddMinutes(-41));
        await Say(Channel.WhatsApp, "100000000000001", "442079460958", "Ben", "Do you ship beans to London?", now.AddMinutes(-12));
        await Say(Channel.Sms, "+15550100100", "+12065550199", "Chloe", "Can I change my subscription to decaf?", now.AddMinutes(-3));
        await grains.GetGrain<IConsentGrain>(ConsentKeys.For(brandId, Channel.Sms, "+12065550199"))
            .Change(owner, new ConsentChange(ConsentAction.OptIn, ConsentMethod.Api, Reason: "demo: signed up for delivery alerts"));
        logger.LogInformation("Demo data: brand Contoso Coffee; sign in as {Owner} or {Agent} (password {Password})", OwnerEmail, AgentEmail, Password);

        async Task Register(string key, NumberRegistration registration) => await grains.GetGrain<INumberGrain>(key).Register(owner, registration);

        async Task Say(Channel channel, string to, string from, string name, string text, DateTimeOffset at) => await inbound.ProcessAsync(new InboundEvent
        {
            Kind = InboundKind.Message, Channel = channel, NumberAddress = to, SenderAddress = from, SenderName = name,
            DedupeKey = Ids.New("demo"), ProviderTimestamp = at, Text = text,
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The demo is on in {Environment}: its owner key and passwords are public. Set Inbox:Demo:Enabled to false for real use.")]
    private static partial void LogDemoOutsideDevelopment(ILogger logger, string environment);
}
