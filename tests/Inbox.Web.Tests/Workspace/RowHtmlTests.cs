using AngleSharp.Html.Parser;
using Inbox.Silo.Brands;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Queries;
using Inbox.Web.Components.Workspace;

namespace Inbox.Web.Tests.Workspace;

/// <summary>An inbox row written as HTML by hand (<see cref="RowHtml"/>): what it shows, and that nothing a customer types becomes markup.</summary>
public sealed class RowHtmlTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    private static readonly InboxDirectory Directory = new(
        [new BrandListItem("brand", "Contoso", Now)], [], Array.Empty<(string, TeamView)>(), new Dictionary<string, string> { ["agent-1"] = "Ann <admin>" });

    private static ConversationRow Row(string? name, string? preview, string? assignee = null, int unread = 0, DateTimeOffset? waiting = null) =>
        new("conv\"1", "brand", Channel.WhatsApp, "wa:+15550001", "contact", name, "+15551234567", null, assignee, ConversationStatus.Open, null,
            unread, Now, Now, preview, WaitingSince: waiting);

    private static AngleSharp.Dom.IElement Parse(ConversationRow row, bool open = false) =>
        new HtmlParser().ParseDocument($"<ul><li>{RowHtml.Of(row, open, Directory, Now).Value}</li></ul>").QuerySelector("a")!;

    [Fact]
    public void WhatACustomerTypesStaysText()
    {
        var link = Parse(Row("<img src=x onerror=alert(1)>", "</span><script>steal()</script> & \"quotes\"", "agent-1"));

        Assert.Empty(link.QuerySelectorAll("img, script"));
        Assert.Equal("<img src=x onerror=alert(1)>", link.QuerySelector(".contact")!.TextContent);
        Assert.Equal("</span><script>steal()</script> & \"quotes\"", link.QuerySelector(".preview")!.TextContent);
        Assert.Equal("Ann <admin>", link.QuerySelector(".assignee")!.TextContent);
        Assert.Equal("conv\"1", link.GetAttribute("data-conversation"));
        Assert.Equal("inbox/conv\"1", link.GetAttribute("href"));
    }

    [Fact]
    public void ARowShowsWhatTheListNeeds()
    {
        var link = Parse(Row(null, "Where is my order?", unread: 3, waiting: Now.AddMinutes(-12)), open: true);

        Assert.Equal("conversation active", link.GetAttribute("class"));
        Assert.Equal("page", link.GetAttribute("aria-current"));
        Assert.Equal("WhatsApp", link.QuerySelector(".channel")!.GetAttribute("aria-label"));
        Assert.Equal("+15551234567", link.QuerySelector(".contact")!.TextContent);
        Assert.Equal("on wa:+15550001", link.QuerySelector(".number")!.TextContent);
        Assert.Equal("Waiting 12 min", link.QuerySelector(".waiting")!.TextContent);
        Assert.Equal("3 unread", link.QuerySelector(".unread")!.GetAttribute("aria-label"));
        Assert.Equal("unassigned", link.QuerySelector(".assignee")!.TextContent);
    }

    [Fact]
    public void AClosedRowIsNotCurrentAndAWaitUnderAMinuteReads()
    {
        var link = Parse(Row("Zoë Ελένη", "hi", unread: 150, waiting: Now.AddSeconds(-20)));

        Assert.Equal("conversation", link.GetAttribute("class"));
        Assert.Null(link.GetAttribute("aria-current"));
        Assert.Equal("Zoë Ελένη", link.QuerySelector(".contact")!.TextContent);
        Assert.Equal("Waiting < 1 min", link.QuerySelector(".waiting")!.TextContent);
        Assert.Equal("100+", link.QuerySelector(".unread")!.TextContent);
        Assert.Contains("Zoë Ελένη", RowHtml.Of(Row("Zoë Ελένη", "hi"), false, Directory, Now).Value); // letters stay letters
    }

    [Fact]
    public void ARowDrawnAgainUnchangedIsTheSameMarkupAndAnyChangeIsDrawnAfresh()
    {
        var drawn = new DrawnRows();
        var row = Row("Kim", "Where is my order?", waiting: Now.AddMinutes(-12));
        var first = drawn.Of(row, false, Directory, Now).Value;

        Assert.Same(first, drawn.Of(row, false, Directory, Now.AddSeconds(20)).Value);
        Assert.Contains("Waiting 13 min", drawn.Of(row, false, Directory, Now.AddMinutes(1)).Value);
        Assert.Contains("aria-current", drawn.Of(row, true, Directory, Now.AddMinutes(1)).Value);
        Assert.Contains("Sent at last", drawn.Of(row with { Preview = "Sent at last" }, true, Directory, Now.AddMinutes(1)).Value);
        var renamed = new InboxDirectory([new BrandListItem("brand", "Contoso", Now)], [], Array.Empty<(string, TeamView)>(),
            new Dictionary<string, string> { ["agent-1"] = "Ann Lee" });
        var assigned = row with { AssigneeId = "agent-1" };
        Assert.Contains("Ann &lt;admin&gt;", drawn.Of(assigned, false, Directory, Now).Value);
        Assert.Contains("Ann Lee", drawn.Of(assigned, false, renamed, Now).Value);
    }

    [Fact]
    public void DrawnRowsRememberOnlyTheRowsDrawnLately()
    {
        var drawn = new DrawnRows();
        var first = Row("Kim", "hello") with { Id = "first" };
        var markup = drawn.Of(first, false, Directory, Now).Value;

        for (var i = 0; i < 2 * DrawnRows.Remembered; i++) drawn.Of(Row("Lee", "hi") with { Id = $"row-{i}" }, false, Directory, Now);

        var again = drawn.Of(first, false, Directory, Now).Value;
        Assert.Equal(markup, again);
        Assert.NotSame(markup, again);
    }
}
