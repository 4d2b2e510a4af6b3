using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Inbox.Web.Tests.Workspace;

/// <summary>
/// The agent's inbox in real Chromium against real Kestrel and the app's own silo: the list and the thread live without a
/// reload, a reply from the thread, an assignment seen by two agents at once, a page that lost its connection and came back, and the
/// phone layout.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxPageTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string Customer = "+14255550123";

    /// <summary>What "live" promises: the change is on screen within this of the webhook's answer.</summary>
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(1);

    [ChromiumFact]
    public async Task SigningInLandsOnTheInboxWithTheAgentShown()
    {
        var workspace = await Workspace.CreateAsync(fixture);
        var (_, email) = await workspace.AgentAsync("Ann", "Agent", workspace.Support);
        await workspace.CustomerWritesAsync(workspace.SupportAddress, Customer, "Where is my order?", DateTimeOffset.UtcNow.AddMinutes(-12));
        await workspace.CustomerWritesAsync(workspace.SupportAddress, "+14255550124", "Do you ship to Canada?");
        var conversation = await workspace.ConversationAsync(Customer);
        var later = await workspace.ConversationAsync("+14255550124");

        var page = await workspace.SignInAsync(email);

        await Assertions.Expect(page.Locator("#person-name")).ToHaveTextAsync("Ann");
        await Assertions.Expect(page.Locator("#person-role")).ToHaveTextAsync("Agent");
        var row = Workspace.Row(page, conversation);
        await Assertions.Expect(row.Locator(".preview")).ToHaveTextAsync("Where is my order?");
        await Assertions.Expect(row.Locator(".channel")).ToHaveTextAsync("SMS");
        await Assertions.Expect(row.Locator(".assignee")).ToHaveTextAsync("unassigned");
        await Assertions.Expect(row.Locator(".unread")).ToHaveTextAsync("1");
        // Longest waiting first, each with how long: the customer who wrote 12 minutes ago before the one who just did.
        await Assertions.Expect(row.Locator(".waiting")).ToHaveTextAsync("Waiting 12 min");
        await Assertions.Expect(Workspace.Row(page, later).Locator(".waiting")).ToHaveTextAsync("Waiting < 1 min");
        var order = page.Locator("#conversations [data-conversation]");
        await Assertions.Expect(order).ToHaveCountAsync(2);
        Assert.Equal([conversation, later], await order.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.conversation)"));
        // A customer who has waited longer still (their message reached us late) goes to the top live.
        await workspace.CustomerWritesAsync(workspace.SupportAddress, "+14255550125", "Hello, anyone?", DateTimeOffset.UtcNow.AddMinutes(-40));
        var longest = await workspace.ConversationAsync("+14255550125");
        await Assertions.Expect(order).ToHaveCountAsync(3);
        Assert.Equal([longest, conversation, later], await order.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.conversation)"));

        await page.ClickAsync("#header-sign-out");
        await page.GotoAsync($"{workspace.App.BaseUrl}/inbox");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"), new() { Timeout = 30_000 });
    }

    [ChromiumFact]
    public async Task ACustomerMessageReachesTheListAndTheOpenThreadWithinASecondWithoutAReload()
    {
        var workspace = await Workspace.CreateAsync(fixture);
        var (_, email) = await workspace.AgentAsync("Ann", "Agent", workspace.Support);
        await workspace.CustomerWritesAsync(workspace.SupportAddress, Customer, "Hello?");
        var conversation = await workspace.ConversationAsync(Customer);
        var page = await workspace.SignInAsync(email);
        await Workspace.Row(page, conversation).ClickAsync();
        var thread = page.Locator($"#thread[data-conversation='{conversation}']");
        await Assertions.Expect(thread.Locator(".message.inbound .text")).ToHaveTextAsync(["Hello?"]);
        // Opening the thread read it: the row no longer counts it unread.
        await Assertions.Expect(Workspace.Row(page, conversation).Locator(".unread")).ToHaveCountAsync(0);
        await page.EvaluateAsync("() => window.inboxTestMark = 'still the same page'");

        await workspace.CustomerWritesAsync(workspace.SupportAddress, Customer, "Are you there?");
        var answered = Stopwatch.StartNew();
        await Assertions.Expect(thread.Locator(".message.inbound .text").Last).ToHaveTextAsync("Are you there?", new() { Timeout = 2_000 });
        await Assertions.Expect(Workspace.Row(page, conversation).Locator(".preview")).ToHaveTextAsync("Are you there?", new() { Timeout = 2_000 });
        var onScreen = answered.Elapsed;

        output.WriteLine($"webhook 2xx -> list and open thread: {onScreen.TotalMilliseconds:F0} ms");
        Assert.True(onScreen < Live, $"The message took {onScreen.TotalMilliseconds:F0} ms to show after the webhook's answer.");
        Assert.Equal("still the same page", await page.EvaluateAsync<string>("() => window.inboxTestMark"));
        // The event did not read the thread for the agent: it counts as unread until they open it again.
        await Assertions.Expect(Workspace.Row(page, conversation).Locator(".unread")).ToHaveTextAsync("1");
    }

    [ChromiumFact]
    public async Task AReplyAndANoteFromTheThreadReachTheConversationAndTheTicksFollowLive()
    {
        var workspace = await Workspace.CreateAsync(fixture);
        var (agent, email) = await workspace.AgentAsync("Ann", "Agent", workspace.Support);
        await workspace.CustomerWritesAsync(workspace.SupportAddress, Customer, "Can I change my address?");
        var conversation = await workspace.ConversationAsync(Customer);
        var page = await workspace.SignInAsync(email);
        await Workspace.Row(page, conversation).ClickAsync();
        await Assertions.Expect(page.Locator("#thread .message.inbound")).ToHaveCountAsync(1);

        await page.FillAsync("#composer-text", "Yes, tell me the new one.");
        await page.ClickAsync("#send-reply");
        var reply = page.Locator("#thread .message.outbound", new() { HasText = "Yes, tell me the new one." });
        // The sandbox reports delivery a second after it accepts: the tick moves on the open page by itself.
        await Assertions.Expect(reply.Locator(".tick")).ToHaveAttributeAsync("aria-label", "delivered", new() { Timeout = 10_000 });
        await page.FillAsync("#composer-text", "Customer moved last week.");
        await page.ClickAsync("#add-note");
        await Assertions.Expect(page.Locator("#thread .message.note .text")).ToHaveTextAsync("Customer moved last week.");
        await Assertions.Expect(page.Locator("#thread .message.note .tick")).ToHaveCountAsync(0);

        var messages = await workspace.MessagesAsync(conversation);
        var sent = messages.Single(m => m!["text"]?.GetValue<string>() == "Yes, tell me the new one.")!;
        Assert.Equal("outbound", sent.Str("direction"), ignoreCase: true);
        Assert.Equal(agent, sent.Str("authorId"));
        Assert.Equal("delivered", sent.Str("status"), ignoreCase: true);
        Assert.True(messages.Single(m => m!["text"]?.GetValue<string>() == "Customer moved last week.")!["isPrivate"]!.GetValue<bool>());
        // The thread is on the Support number, so that is the number the reply went from.
        var row = await workspace.Supervisor.GetOkAsync($"/api/v1/conversations/{conversation}");
        Assert.Equal($"sms:{workspace.SupportAddress}", row.Str("numberKey"));
    }

    [ChromiumFact]
    public async Task ASendTheRulesRefuseShowsTheReasonAndQueuesNothing()
    {
        var workspace = await Workspace.CreateAsync(fixture);
        var (_, email) = await workspace.AgentAsync("Ann", "Agent", workspace.Support);
        await workspace.CustomerWritesAsync(workspace.SupportAddress, Customer, "Please stop texting me");
        await workspace.CustomerWritesAsync(workspace.SupportAddress, Customer, "STOP");
        var conversation = await workspace.ConversationAsync(Customer);
        var before = (await workspace.MessagesAsync(conversation)).Count;
        var page = await workspace.SignInAsync(email);
        await Workspace.Row(page, conversation).ClickAsync();
        await Assertions.Expect(page.Locator("#thread")).ToBeVisibleAsync();

        await page.FillAsync("#composer-text", "One more offer for you!");
        await page.ClickAsync("#send-reply");

        await Assertions.Expect(page.Locator("#send-refusal")).ToContainTextAsync("Not sent:");
        Assert.Equal(before, (await workspace.MessagesAsync(conversation)).Count);
        await Assertions.Expect(page.Locator("#thread .message.outbound", new() { HasText = "One more offer" })).ToHaveCountAsync(0);
        // What was typed stays, so the agent can change it.
        Assert.Equal("One more offer for you!", await page.InputValueAsync("#composer-text"));
    }

    [ChromiumFact]
    public async Task TwoAgentsSeeOneReassignmentLive()
    {
        var workspace = await Workspace.CreateAsync(fixture);
        var (ann, annEmail) = await workspace.AgentAsync("Ann", "Agent", workspace.Support);
        var (_, beaEmail) = await workspace.AgentAsync("Bea", "Agent", workspace.Support);
        await workspace.CustomerWritesAsync(workspace.SupportAddress, Customer, "My parcel is late");
        var conversation = await workspace.ConversationAsync(Customer);
        var annPage = await workspace.SignInAsync(annEmail);
        var beaPage = await workspace.SignInAsync(beaEmail);
        await Workspace.Row(annPage, conversation).ClickAsync();
        await Workspace.Row(beaPage, conversation).ClickAsync();
        await Assertions.Expect(annPage.Locator("#thread-assignee")).ToHaveTextAsync("Unassigned");

        // Bea takes the unassigned thread: Ann's open thread shows it with its activity entry, and Ann may no longer take it.
        await beaPage.ClickAsync("#assign-me");
        await Assertions.Expect(annPage.Locator("#thread-assignee")).ToHaveTextAsync("Assigned to Bea", new() { Timeout = 2_000 });
        await Assertions.Expect(annPage.Locator("#thread .activity").Last).ToContainTextAsync("Bea took this.");
        await Assertions.Expect(Workspace.Row(annPage, conversation).Locator(".assignee")).ToHaveTextAsync("Bea");
        await Assertions.Expect(annPage.Locator("#assign-me")).ToHaveCountAsync(0);
        await Assertions.Expect(beaPage.Locator("#assign-me")).ToHaveCountAsync(0);

        // A supervisor reassigns it to Ann: both pages show it within a second of the answer.
        await workspace.Supervisor.PostOkAsync($"/api/v1/conversations/{conversation}/assignment", new { assigneeId = ann });
        var assigned = Stopwatch.StartNew();
        await Assertions.Expect(Workspace.Row(annPage, conversation).Locator(".assignee")).ToHaveTextAsync("Ann", new() { Timeout = 2_000 });
        await Assertions.Expect(Workspace.Row(beaPage, conversation).Locator(".assignee")).ToHaveTextAsync("Ann", new() { Timeout = 2_000 });
        await Assertions.Expect(beaPage.Locator("#thread-assignee")).ToHaveTextAsync("Assigned to Ann", new() { Timeout = 2_000 });
        var onScreen = assigned.Elapsed;
        output.WriteLine($"reassignment 2xx -> both pages: {onScreen.TotalMilliseconds:F0} ms");
        Assert.True(onScreen < Live, $"The reassignment took {onScreen.TotalMilliseconds:F0} ms to show on both pages.");

        // Ann resolves it: it leaves Bea's list of open conversations while her thread shows the status; Bea reopens it.
        await annPage.ClickAsync("#resolve");
        await Assertions.Expect(Workspace.Row(beaPage, conversation)).ToHaveCountAsync(0, new() { Timeout = 2_000 });
        await Assertions.Expect(beaPage.Locator("#thread-status")).ToHaveTextAsync("resolved");
        await beaPage.ClickAsync("#reopen");
        await Assertions.Expect(annPage.Locator("#thread-status")).ToHaveTextAsync("open", new() { Timeout = 2_000 });
        await Assertions.Expect(Workspace.Row(annPage, conversation)).ToBeVisibleAsync();
        await Assertions.Expect(annPage.Locator("#thread .activity", new() { HasText = "resolved" })).ToHaveCountAsync(1);
    }

    [ChromiumFact]
    public async Task APageThatLostItsConnectionShowsWhatArrivedMeanwhileOnceItIsBackWithoutAReload()
    {
        var workspace = await Workspace.CreateAsync(fixture);
        var (_, email) = await workspace.AgentAsync("Ann", "Agent", workspace.Support);
        await workspace.CustomerWritesAsync(workspace.SupportAddress, Customer, "Is anyone there?");
        var conversation = await workspace.ConversationAsync(Customer);
        CircuitLink link = null!;
        var page = await workspace.SignInAsync(email, prepare: async context => link = await CircuitLink.InstallAsync(context));
        await Workspace.Row(page, conversation).ClickAsync();
        var thread = page.Locator($"#thread[data-conversation='{conversation}']");
        await Assertions.Expect(thread.Locator(".message.inbound .text")).ToHaveTextAsync(["Is anyone there?"]);
        await page.EvaluateAsync("() => window.inboxTestMark = 'still the same page'");

        // The network drops: the circuit's connection is gone and the page says it is rejoining.
        await link.CutAsync();
        await Assertions.Expect(page.Locator("#components-reconnect-modal")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        // Meanwhile a customer writes in on the open thread, and another customer starts a new one.
        await workspace.CustomerWritesAsync(workspace.SupportAddress, Customer, "Hello??");
        await workspace.CustomerWritesAsync(workspace.SupportAddress, "+14255550124", "I need help too");
        var other = await workspace.ConversationAsync("+14255550124");
        // And a supervisor names the contact, a change no live event announces: only a page that reads again shows it.
        var contact = (await workspace.Supervisor.GetOkAsync($"/api/v1/conversations/{conversation}")).Str("contactId");
        (await workspace.Supervisor.PatchAsJsonAsync($"/api/v1/contacts/{contact}", new { name = "Carla Jones" }, Json.Options)).EnsureSuccessStatusCode();

        link.Mend();
        await Assertions.Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(thread.Locator(".message.inbound .text")).ToHaveTextAsync(["Is anyone there?", "Hello??"]);
        await Assertions.Expect(Workspace.Row(page, conversation).Locator(".preview")).ToHaveTextAsync("Hello??");
        await Assertions.Expect(Workspace.Row(page, other).Locator(".preview")).ToHaveTextAsync("I need help too");
        await Assertions.Expect(Workspace.Row(page, conversation).Locator(".contact")).ToHaveTextAsync("Carla Jones");
        await Assertions.Expect(page.Locator("#thread-title")).ToHaveTextAsync("Carla Jones");
        Assert.Equal("still the same page", await page.EvaluateAsync<string>("() => window.inboxTestMark"));

        // The page is live again, not only refreshed once.
        await workspace.CustomerWritesAsync(workspace.SupportAddress, Customer, "Thanks!");
        await Assertions.Expect(thread.Locator(".message.inbound .text").Last).ToHaveTextAsync("Thanks!", new() { Timeout = 2_000 });
    }

    [ChromiumFact]
    public async Task RowsThatMoveAboveTheAgentsViewDoNotMoveWhatTheyAreLookingAt()
    {
        var workspace = await Workspace.CreateAsync(fixture);
        var (_, email) = await workspace.AgentAsync("Ann", "Agent", workspace.Support);
        var now = DateTimeOffset.UtcNow;
        var customers = Enumerable.Range(0, 16).Select(i => "+142555502" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        (await workspace.Owner.PostAsJsonAsync("/webhooks/events", customers.Select((c, i) =>
            Seed.Inbound(workspace.SupportAddress, c, $"question {i}", "SM-" + Guid.NewGuid().ToString("N"), at: now.AddMinutes(-60 + i))).ToArray(), Json.Options)).EnsureSuccessStatusCode();
        var page = await workspace.SignInAsync(email);
        // The list draws only the rows in view (Virtualize): each row drawn says how many the list holds and where it sits.
        var first = page.Locator("#conversations li:has([data-conversation])").First;
        await Assertions.Expect(first).ToHaveAttributeAsync("aria-setsize", "16");
        var watched = Workspace.Row(page, await workspace.ConversationAsync(customers[10]));
        await page.Locator(".inbox-list").EvaluateAsync("list => list.scrollTop = list.scrollHeight / 2");
        await watched.EvaluateAsync("row => row.scrollIntoView({ block: 'start' })");
        var before = (await watched.BoundingBoxAsync())!.Y;
        Assert.True(await page.Locator(".inbox-list").EvaluateAsync<double>("list => list.scrollTop") > 0, "the list scrolled");

        // Above the agent's view: one who waited longer arrives on top, and one of those waiting is answered and goes after them all.
        await workspace.CustomerWritesAsync(workspace.SupportAddress, "+14255550299", "late question", now.AddMinutes(-90));
        await workspace.Supervisor.PostOkAsync($"/api/v1/conversations/{await workspace.ConversationAsync(customers[2])}/messages", new { text = "Answered." });
        await Assertions.Expect(first).ToHaveAttributeAsync("aria-setsize", "17");
        await Assertions.Expect(Workspace.Row(page, await workspace.ConversationAsync(customers[2])).Locator("xpath=..")).ToHaveAttributeAsync("aria-posinset", "17");

        Assert.Equal(before, (await watched.BoundingBoxAsync())!.Y, 1.0);
    }

    [ChromiumFact]
    public async Task OnAPhoneTheListAndTheThreadShowOneAtATime()
    {
        var workspace = await Workspace.CreateAsync(fixture);
        var (_, email) = await workspace.AgentAsync("Ann", "Agent", workspace.Support);
        await workspace.CustomerWritesAsync(workspace.SupportAddress, Customer, "Hi from my phone");
        var conversation = await workspace.ConversationAsync(Customer);
        var page = await workspace.SignInAsync(email, new() { Width = 390, Height = 844 });
        await Assertions.Expect(page.Locator(".inbox-thread")).ToBeHiddenAsync();

        await Workspace.Row(page, conversation).ClickAsync();
        await Assertions.Expect(page.Locator("#thread .message.inbound .text")).ToHaveTextAsync("Hi from my phone");
        await Assertions.Expect(page.Locator(".inbox-list")).ToBeHiddenAsync();

        await page.Locator("#thread .back-link").ClickAsync();
        await Assertions.Expect(Workspace.Row(page, conversation)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".inbox-thread")).ToBeHiddenAsync();
    }
}
