using Microsoft.Extensions.Options;

namespace Inbox.Web.Demo;

public static class DemoExtensions
{
    /// <summary>The client the in-process fakes call the app's webhooks with.</summary>
    public const string HttpClientName = "demo-fakes";

    /// <summary>
    /// The demo, when Inbox:Demo:Enabled (on in Development): its data, laid once and completed on later starts, and a
    /// fake per channel in this process. A channel joins the demo with one <see cref="AddDemoChannel{T}"/> line here.
    /// </summary>
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>().BindConfiguration("Inbox:Demo");
        services.AddHttpClient(HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<DemoChannels>();
        services.AddDemoChannel<AcsDemoChannel>();
        services.AddDemoChannel<WhatsAppDemoChannel>();
        services.AddDemoChannel<MessengerDemoChannel>();
        services.AddDemoChannel<TelegramDemoChannel>();
        return services.AddHostedService<DemoData>();
    }

    public static IServiceCollection AddDemoChannel<T>(this IServiceCollection services) where T : class, IDemoChannel =>
        services.AddSingleton<IDemoChannel, T>();

    /// <summary>Each channel's fake provider API under /demo/fakes/{path}, only while the demo is on.</summary>
    public static WebApplication MapDemo(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled) return app;
        foreach (var channel in app.Services.GetRequiredService<DemoChannels>().All) channel.Map(app, $"{DemoChannels.Prefix}/{channel.Path}");
        return app;
    }
}

/// <summary>Bound from "Inbox:Demo"; on in Development (appsettings.Development.json).</summary>
public sealed class DemoOptions
{
    public bool Enabled { get; set; }
}
