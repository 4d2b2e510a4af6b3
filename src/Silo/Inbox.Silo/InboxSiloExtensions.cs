using Inbox.Actors;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Silo;

public static class InboxSiloExtensions
{
    /// <summary>The silo co-hosted in this process, with the Inbox domain's grains and schema.</summary>
    public static IServiceCollection AddInboxSilo(this IServiceCollection services) =>
        services.AddActors(actors => actors.AddGrainsFrom(typeof(InboxSiloExtensions).Assembly));
}
