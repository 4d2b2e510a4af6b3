using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Inbox.Connectors.Messenger;

public static class MessengerServiceCollectionExtensions
{
    /// <summary>
    /// How long establishing a connection may take. Well under a send's own timeout, so that a connection that never
    /// opens fails as a connection error (nothing sent, safe to retry) rather than as a timeout (which might have sent).
    /// </summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Registers <see cref="MessengerClient"/> and <see cref="MessengerCdnClient"/> as typed clients of
    /// <c>IHttpClientFactory</c>. A send's own timeout comes with the Page (from configuration), so the clients' are off.
    /// </summary>
    public static IServiceCollection AddMessengerClients(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<MessengerClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = ConnectTimeout });
        services.AddHttpClient<MessengerCdnClient>(http => http.Timeout = TimeSpan.FromSeconds(60))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = ConnectTimeout, AllowAutoRedirect = true, MaxAutomaticRedirections = 3 });
        return services;
    }
}
