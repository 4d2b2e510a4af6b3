using Inbox.Web.Components;
using Inbox.Web.Components.Workspace;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Inbox.Web.Ui;

public static class UiEndpoints
{
    public static IServiceCollection AddInboxUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSingleton<InboxLiveFactory>();
        services.AddScoped<CircuitReconnects>();
        services.AddScoped<CircuitHandler>(provider => provider.GetRequiredService<CircuitReconnects>());
        return services;
    }

    public static WebApplication MapInboxUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
