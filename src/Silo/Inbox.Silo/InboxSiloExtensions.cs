using Inbox.Actors;
using Inbox.Silo.Events;
using Inbox.Silo.Inbound;
using Inbox.Silo.Outbound;
using Inbox.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Silo;

public static class InboxSiloExtensions
{
    /// <summary>The silo co-hosted in this process, with the Inbox domain's grains, schema and services.</summary>
    public static IServiceCollection AddInboxSilo(this IServiceCollection services) =>
        services.AddActors(actors => actors.AddInboxGrains()).AddInboxDomain();

    public static ActorsBuilder AddInboxGrains(this ActorsBuilder actors) => actors.AddGrainsFrom(typeof(InboxSiloExtensions).Assembly);

    /// <summary>The domain's services, for a host that adds the actor runtime itself (the test cluster does).</summary>
    public static IServiceCollection AddInboxDomain(this IServiceCollection services)
    {
        services.AddSingleton<Rows>();
        services.AddSingleton<InboxEvents>();
        services.AddSingleton<Numbers.RouteCache>();
        services.AddSingleton<StatusApplier>();
        services.AddSingleton<UnroutedInbox>();
        services.AddSingleton<InboundProcessor>();
        services.AddSingleton<ContactStarter>();
        services.AddSingleton<SenderDirectory>();
        services.AddSingleton<Accounts.ProviderAccounts>();
        services.AddSingleton<IChannelSender, SandboxSender>();
        services.AddSingleton<Queries.ConversationQueries>();
        services.AddSingleton<Queries.DirectoryQueries>();
        services.AddSingleton<Compliance.Figures>();
        services.AddSingleton<Compliance.ConsentHistory>();
        return services;
    }
}
