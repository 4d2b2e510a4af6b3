using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Connectors.WhatsApp;

public static class WhatsAppServiceCollectionExtensions
{
    /// <summary>
    /// How long a Graph call may take. Well above the Cloud API's usual answer; past it a send is "may have been
    /// sent" (never retried automatically), so it is not short either. Connecting has a budget of its own, and a
    /// connection that never opened sent nothing and is retried.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Registers <see cref="WhatsAppCloudClient"/> as a typed client of <c>IHttpClientFactory</c>; <paramref name="timeout"/>
    /// reads the configured timeout when a client is made. Typed clients are transient: a sender factory resolves one per sender.
    /// </summary>
    public static IServiceCollection AddWhatsAppCloudClient(this IServiceCollection services, Func<IServiceProvider, TimeSpan>? timeout = null)
    {
        services.AddHttpClient<WhatsAppCloudClient>((provider, http) => http.Timeout = timeout?.Invoke(provider) ?? DefaultTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = ConnectTimeout, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        return services;
    }
}
