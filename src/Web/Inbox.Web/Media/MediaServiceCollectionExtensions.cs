namespace Inbox.Web.Media;

public static class MediaServiceCollectionExtensions
{
    /// <summary>Opening inbound media through its provider (the connectors register their <c>IMediaSourceFactory</c>s), and its cache.</summary>
    public static IServiceCollection AddInboxMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MediaOptions>(configuration.GetSection("Inbox:Media"));
        services.AddSingleton<MediaCache>();
        return services;
    }
}
