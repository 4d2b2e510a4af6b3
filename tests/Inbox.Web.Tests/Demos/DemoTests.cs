using System.Net;
using System.Net.Http.Json;

namespace Inbox.Web.Tests;

public sealed class DemoTests
{
    [Fact]
    public async Task TheDemoBrandsArriveWithConversationsAndAgentsWhoCanSignIn()
    {
        await using var app = new InboxApp(settings: new Dictionary<string, string?> { ["Inbox:Demo:Enabled"] = "true" });
        var owner = app.Client(InboxApp.OwnerKey);

        var conversations = (await owner.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray();
        Assert.Equal(["Ana", "Ben", "Chloe", "Dana", "Erik", "Mia", "Tom"], conversations.Select(c => c.Str("contactName")).Order());
        var agent = app.Client();
        var login = await agent.PostAsJsonAsync("/account/login", new { email = Demo.DemoData.AgentEmail, password = Demo.DemoData.Password });
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        // The agent is in the Support teams: Fabrikam's support number, Page and bot and Contoso's WhatsApp, not Fabrikam's workshop nor Contoso's alerts.
        Assert.Equal(["Ana", "Ben", "Chloe", "Mia", "Tom"], (await agent.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray().Select(c => c.Str("contactName")).Order());
        var home = await app.Client().GetStringAsync("/");
        Assert.Contains("Contoso Coffee", home);
        Assert.Contains("Fabrikam Bikes", home);
    }

    [Fact]
    public async Task WithoutTheDemoTheKnownOwnerKeyAndPasswordsAreNowhere()
    {
        await using var app = new InboxApp(settings: new Dictionary<string, string?>
        {
            ["Inbox:OwnerApiKey"] = null, ["Inbox:Owner:Email"] = "ops@contoso.test", ["Inbox:Owner:Password"] = "a one-time secret",
        });

        var home = await app.Client().GetStringAsync("/");

        Assert.DoesNotContain(Demo.DemoData.DemoOwnerKey, home);
        Assert.DoesNotContain(Demo.DemoData.Password, home);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client(Demo.DemoData.DemoOwnerKey).GetAsync("/api/v1/brands")).StatusCode);
        Assert.DoesNotContain("demo-banner", home);
    }

    [Fact]
    public async Task TheDemoOutsideDevelopmentWarnsAtStartAndOnEveryPageAndItsOwnerKeyWorksOnlyThen()
    {
        await using var app = new InboxApp(settings: new Dictionary<string, string?> { ["Inbox:Demo:Enabled"] = "true", ["Inbox:OwnerApiKey"] = null });

        Assert.Contains(app.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("demo", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("demo-banner", await app.Client().GetStringAsync("/"));
        Assert.Contains("demo-banner", await app.Client().GetStringAsync("/login"));
        Assert.Contains(Demo.DemoData.DemoOwnerKey, await app.Client().GetStringAsync("/"));
        Assert.Equal(HttpStatusCode.OK, (await app.Client(Demo.DemoData.DemoOwnerKey).GetAsync("/api/v1/brands")).StatusCode);
    }

    [Fact]
    public async Task TheErrorPageGivesARequestIdAndNoAdviceAboutDevelopmentMode()
    {
        await using var app = new InboxApp();

        var page = await app.Client().GetStringAsync("/Error");

        Assert.Contains("Request ID", page);
        Assert.DoesNotContain("Development", page);
    }
}
