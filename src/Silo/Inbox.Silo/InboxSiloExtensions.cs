using Inbox.Silo.Events;
using Inbox.Silo.Inbound;
using Inbox.Silo.Outbound;
using Inbox.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inbox.Silo;

public static class InboxSiloExtensions
{
    /// <summary>The assembly whose embedded migrations are the domain's tables: <c>AddInboxStorage(s => s.AddMigrationsFrom(InboxSiloExtensions.Schema))</c>.</summary>
    public static System.Reflection.Assembly Schema => typeof(InboxSiloExtensions).Assembly;

    /// <summary>
    /// The Inbox domain's services on an Orleans silo whose storage is Inbox storage with <see cref="Schema"/>'s
    /// migrations. The web host and the test cluster both configure their silo with these two calls.
    /// </summary>
    public static ISiloBuilder AddInboxDomain(this ISiloBuilder silo)
    {
        // Orleans' placement logs two Information lines per new activation under this category.
        silo.Services.AddLogging(logging => logging.AddFilter("Polly", LogLevel.Warning));
        silo.Services.AddInboxServices();
        return silo;
    }

    private static IServiceCollection AddInboxServices(this IServiceCollection services)
    {
        services.AddSingleton<Rows>();
        services.AddSingleton<InboxEvents>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<InboxEvents>());
        services.AddOptions<LiveEventsOptions>().BindConfiguration("Inbox:LiveEvents").ValidateOnStart();
        services.AddSingleton<IValidateOptions<LiveEventsOptions>, LiveEventsOptionsValidator>();
        services.AddSingleton<Numbers.RouteCache>();
        services.AddSingleton<Conversations.RecentKeys>(_ => new());
        services.AddSingleton<Conversations.ConversationServices>();
        services.AddSingleton<StatusApplier>();
        services.AddSingleton<UnroutedInbox>();
        services.AddSingleton<InboundProcessor>();
        services.AddSingleton<ContactStarter>();
        services.AddSingleton<SenderDirectory>();
        services.AddSingleton<ReadReceipts>();
        services.AddSingleton<Media.UploadedMedia>();
        services.AddSingleton<Media.IOutboundMedia>(sp => sp.GetRequiredService<Media.UploadedMedia>());
        services.AddSingleton<Accounts.ProviderAccounts>();
        services.AddSingleton<IChannelSender, SandboxSender>();
        services.AddSingleton<Queries.ConversationQueries>();
        services.AddSingleton<Queries.DirectoryQueries>();
        services.AddSingleton<Compliance.Figures>();
        services.AddSingleton<Compliance.ConsentHistory>();
        return services;
    }
}
