using Inbox.Silo;
using Inbox.Web.Accounts;
using Inbox.Web.Agents;
using Inbox.Web.Api;
using Inbox.Web.Auth;
using Inbox.Web.Brands;
using Inbox.Web.Compliance;
using Inbox.Web.Contacts;
using Inbox.Web.Conversations;
using Inbox.Web.Demo;
using Inbox.Web.FirstRun;
using Inbox.Web.Health;
using Inbox.Web.Hosting;
using Inbox.Web.Hubs;
using Inbox.Web.Media;
using Inbox.Web.Numbers;
using Inbox.Web.Senders;
using Inbox.Web.Ui;
using Inbox.Web.Webhooks;
using Orleans.Dashboard;

// A refused setting ends the process with its reason on one line (exit code 2); any other fault keeps its stack trace.
try
{
    var builder = WebApplication.CreateBuilder(args);

    builder.UseOrleans(silo => silo
        .UseInboxNode(builder.Configuration)
        .AddInboxStorage(storage => storage.AddMigrationsFrom(InboxSiloExtensions.Schema))
        .AddInboxClustering()
        .AddInboxDomain()
        .AddDashboard());
    builder.Services.AddInboxAuth();
    builder.Services.AddDataProtectionKeys(builder.Configuration, builder.Environment);
    builder.Services.AddProviderCredentials();
    builder.Services.AddChannelSenders();
    builder.Services.AddInboxMedia(builder.Configuration);
    builder.Services.AddWebhooks();
    builder.Services.AddInboxApi();
    builder.Services.AddInboxHub();
    builder.Services.AddInboxHealth();
    builder.Services.AddInboxUi();
    builder.Services.AddDemoData();
    builder.Services.AddFirstRun();

    var app = builder.Build();

    app.UseInboxTransport();
    app.UseInboxErrors();
    app.UseWebhookBodyLimit();
    app.UseAuthentication();
    app.UseFirstRun();
    app.UsePendingPasswordChange();
    app.UseAuthorization();
    app.UseAntiforgery();

    app.MapInboxHealth();
    app.MapAccount();
    app.MapFirstRun();
    app.MapWebhooks();
    app.MapApi()
        .MapBrands()
        .MapProviderAccounts()
        .MapNumbers()
        .MapAgents()
        .MapMe()
        .MapConversations()
        .MapMedia()
        .MapContacts()
        .MapCompliance()
        .MapHubTickets();
    app.MapInboxHub();
    app.MapInboxUi();
    app.MapOrleansDashboard("/dashboard").RequireAuthorization(OwnerRequirement.Policy).ExcludeFromDescription();

    await app.RunAsync();
}
catch (Exception failure) when (BadSettings.Explain(failure) is { } reason)
{
    await Console.Error.WriteLineAsync($"Inbox did not start: {reason}");
    return BadSettings.ExitCode;
}
return 0;
