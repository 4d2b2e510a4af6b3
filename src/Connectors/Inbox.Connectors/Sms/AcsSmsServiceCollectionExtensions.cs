using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Inbox.Connectors.Sms;

public static class AcsSmsServiceCollectionExtensions
{
    /// <summary>
    /// How long a send may take before it counts as transient. Well above ACS's usual sub-second answer, and
    /// short enough that a stalled connection does not hold a number's queue; the retry is safe (repeatability).
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Registers <see cref="AcsSmsClient"/> as a typed client of <c>IHttpClientFactory</c>. Typed clients are
    /// transient: a sender factory resolves one per sender it makes, rather than keeping one, so handlers rotate.
    /// </summary>
    public static IServiceCollection AddAcsSmsClient(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<AcsSmsClient>(http => http.Timeout = Timeout);
        return services;
    }
}
