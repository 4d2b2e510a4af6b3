using Microsoft.Playwright;
using System.Net.Http.Json;

namespace Inbox.Web.Tests.Workspace;

/// <summary>
/// An open inbox page hears only what its list would show: another team's thread never appears, not when its customer
/// writes, not after it was moved away from the agent's team, not after the agent left the team.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxVisibilityTests(BrowserFixture fixture)
{
    private const string SupportCustomer = "+14255550123";
    private const string BillingCustomer = "+14255550124";

    /// <summary>Long enough for an event that should not come to have come: live events arrive in well under a second here.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(1_500);

    [ChromiumFact]
    public async Task AnotherTeamsThreadNeverAppearsEvenAfterItWasMovedAway()
    {
        var workspace = await Workspace.CreateAsync(fixture);
        var (_, supportEmail) = await workspace.AgentAsync("Sam", "Agent", workspace.Support);
        var (_, billingEmail) = await workspace.AgentAsync("Bill", "Agent", workspace.Billing);
        await workspace.CustomerWritesAsync(workspace.SupportAddress, SupportCustomer, "Support question");
        await workspace.CustomerWritesAsync(workspace.BillingAddress, BillingCustomer, "Billing question");
        var supportThread = await workspace.ConversationAsync(SupportCustomer);
        var billingThread = await workspace.ConversationAsync(BillingCustomer);
        var sam = await workspace.SignInAsync(supportEmail);
        var bill = await workspace.SignInAsync(billingEmail);
        await Assertions.Expect(Workspace.Row(sam, supportThread)).ToBeVisibleAsync();
        await Assertions.Expect(Workspace.Row(bill, billingThread)).ToBeVisibleAsync();
        await Workspace.Row(sam, supportThread).ClickAsync();
        await Assertions.Expect(sam.Locator("#thread .message.inbound")).ToHaveCountAsync(1);

        // Each team's customer writes again: each agent hears their own team's thread only.
        await workspace.CustomerWritesAsync(workspace.BillingAddress, BillingCustomer, "Billing again");
        await workspace.CustomerWritesAsync(workspace.SupportAddress, SupportCustomer, "Support again");
        await Assertions.Expect(Workspace.Row(sam, supportThread).Locator(".preview")).ToHaveTextAsync("Support again");
        await Assertions.Expect(Workspace.Row(bill, billingThread).Locator(".preview")).ToHaveTextAsync("Billing again");
        await Task.Delay(Quiet);
        await Assertions.Expect(Workspace.Row(sam, billingThread)).ToHaveCountAsync(0);
        await Assertions.Expect(Workspace.Row(bill, supportThread)).ToHaveCountAsync(0);

        // A supervisor moves Sam's open thread to Billing: it leaves Sam's list and thread, and reaches Bill's list.
        (await workspace.Supervisor.PatchAsJsonAsync($"/api/v1/conversations/{supportThread}", new { teamId = workspace.Billing }, Json.Options)).EnsureSuccessStatusCode();
        await Assertions.Expect(Workspace.Row(sam, supportThread)).ToHaveCountAsync(0, new() { Timeout = 2_000 });
        await Assertions.Expect(sam.Locator("#thread")).ToHaveCountAsync(0);
        await Assertions.Expect(sam.Locator("#inbox-notice")).ToContainTextAsync("no longer one you may see");
        await Assertions.Expect(Workspace.Row(bill, supportThread)).ToBeVisibleAsync(new() { Timeout = 2_000 });

        // Its customer writes again: Bill hears it, Sam hears nothing of it, in the list or anywhere on the page.
        await workspace.CustomerWritesAsync(workspace.SupportAddress, SupportCustomer, "Secret billing detail");
        await Assertions.Expect(Workspace.Row(bill, supportThread).Locator(".preview")).ToHaveTextAsync("Secret billing detail");
        await Task.Delay(Quiet);
        await Assertions.Expect(Workspace.Row(sam, supportThread)).ToHaveCountAsync(0);
        Assert.DoesNotContain("Secret billing detail", await sam.ContentAsync());
    }

    [ChromiumFact]
    public async Task AThreadNamesTheContactsOtherThreadsOnlyWhereTheAgentMaySeeThem()
    {
        var workspace = await Workspace.CreateAsync(fixture);
        var (_, bothEmail) = await workspace.AgentAsync("Bo", "Agent", workspace.Support, workspace.Billing);
        var (_, supportEmail) = await workspace.AgentAsync("Sam", "Agent", workspace.Support);
        await workspace.CustomerWritesAsync(workspace.SupportAddress, SupportCustomer, "Support question");
        await workspace.CustomerWritesAsync(workspace.BillingAddress, SupportCustomer, "And a billing one");
        var list = await workspace.Supervisor.GetOkAsync($"/api/v1/conversations?brandId={workspace.Brand}");
        var threads = list["items"]!.AsArray().Where(c => c!["contactAddress"]!.GetValue<string>() == SupportCustomer).ToArray();
        Assert.Single(threads.Select(c => c!.Str("contactId")).Distinct());
        var support = threads.Single(c => c!.Str("numberKey") == $"sms:{workspace.SupportAddress}")!.Str("id");
        var billing = threads.Single(c => c!.Str("numberKey") == $"sms:{workspace.BillingAddress}")!.Str("id");

        var bo = await workspace.SignInAsync(bothEmail);
        await Workspace.Row(bo, support).ClickAsync();
        await Assertions.Expect(bo.Locator($"#contact-elsewhere [data-conversation='{billing}']")).ToContainTextAsync(workspace.BillingAddress);

        var sam = await workspace.SignInAsync(supportEmail);
        await Workspace.Row(sam, support).ClickAsync();
        await Assertions.Expect(sam.Locator("#thread .message.inbound")).ToHaveCountAsync(1);
        await Assertions.Expect(sam.Locator("#contact-elsewhere")).ToHaveCountAsync(0);
    }

    [ChromiumFact]
    public async Task AnAgentTakenOffATeamStopsSeeingItsThreadsAtOnce()
    {
        var workspace = await Workspace.CreateAsync(fixture);
        var (sam, email) = await workspace.AgentAsync("Sam", "Agent", workspace.Support);
        await workspace.CustomerWritesAsync(workspace.SupportAddress, SupportCustomer, "Support question");
        var thread = await workspace.ConversationAsync(SupportCustomer);
        var page = await workspace.SignInAsync(email);
        await Assertions.Expect(Workspace.Row(page, thread)).ToBeVisibleAsync();

        (await workspace.Owner.PutAsJsonAsync($"/api/v1/agents/{sam}/memberships/{workspace.Brand}", new { role = "Agent", teams = new[] { workspace.Billing } }, Json.Options))
            .EnsureSuccessStatusCode();

        await Assertions.Expect(Workspace.Row(page, thread)).ToHaveCountAsync(0, new() { Timeout = 2_000 });
        await workspace.CustomerWritesAsync(workspace.SupportAddress, SupportCustomer, "Something private");
        await Task.Delay(Quiet);
        await Assertions.Expect(Workspace.Row(page, thread)).ToHaveCountAsync(0);
        Assert.DoesNotContain("Something private", await page.ContentAsync());
    }
}
