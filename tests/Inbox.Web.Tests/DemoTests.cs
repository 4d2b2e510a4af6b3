using System.Net;
using System.Net.Http.Json;

namespace Inbox.Web.Tests;

public sealed class DemoTests
{
    [Fact]
    public async Task TheDemoBrandArrivesWithConversationsAndAgentsWhoCanSignIn()
    {
        await using var app = new InboxApp(settings: new Dictionary<string, string?> { ["Inbox:Demo:Enabled"] = "true" });
        var owner = app.Client(InboxApp.OwnerKey);

        var conversations = (await owner.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray();
        Assert.Equal(["Chloe", "Ben", "Ana"], conversations.Select(c => c.Str("contactName")));
        var agent = app.Client();
        var login = await agent.PostAsJsonAsync("/account/login", new { email = Demo.DemoData.AgentEmail, password = Demo.DemoData.Password });
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        Assert.Equal(3, (await agent.GetOkAsync("/api/v1/conversations"))["items"]!.AsArray().Count); // the agent is in the Support team
        Assert.Contains("Contoso Coffee", await app.Client().GetStringAsync("/"));
    }
}
