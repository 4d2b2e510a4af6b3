using System.Runtime.CompilerServices;
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
        var first = DrawnOnce(drawn, Row("Kim", "only drawn first") with { Id = "first" });

        for (var i = 0; i < 2 * DrawnRows.Remembered; i++) drawn.Of(Row("Lee", "hi") with { Id = $"row-{i}" }, false, Directory, Now);
        GC.Collect();
        GC.WaitForPendingFinalizers();

        // Neither the list nor the markup shared across circuits keeps a row's markup once it is no longer drawn.
        Assert.False(first.TryGetTarget(out _));
    }

    [Fact]
    public void PagesShowingEqualRowsHoldOneCopyOfEachRowAndOfItsMarkup()
    {
        // Two circuits each read the same conversations from the store: equal rows, distinct instances.
        var (mine, theirs) = (new InboxRows(), new InboxRows());
        var read = () => new Page<ConversationRow>([Row("Kim", "where is my order?") with { Id = "shared-1" }, Row("Lee", "hi") with { Id = "shared-2" }], null);
        var kept = mine.Reset(read());
        var theirsKept = theirs.Reset(read());

        Assert.Same(kept[0], theirsKept[0]);
        Assert.Same(mine.Find("shared-2"), theirs.Find("shared-2"));
        Assert.Same(mine.Items[0], kept[0]);
        var html = new DrawnRows().Of(mine.Items[0], false, Directory, Now).Value;
        Assert.Same(html, new DrawnRows().Of(theirs.Items[0], false, Directory, Now).Value);

        // A row one of them changes is that circuit's own until another holds an equal one.
        theirs.CountUnread("shared-1");
        Assert.Equal(0, mine.Find("shared-1")!.Unread);
        Assert.Equal(1, theirs.Find("shared-1")!.Unread);
        mine.CountUnread("shared-1");
        Assert.Same(mine.Find("shared-1"), theirs.Find("shared-1"));
        Assert.NotSame(html, new DrawnRows().Of(mine.Items[0], true, Directory, Now).Value);
    }

    [Fact]
    public void InternedValuesAreHeldWeaklyAndSweptAsTheTableGrows()
    {
        var interned = new Interned<string>(StringComparer.Ordinal);
        var alive = new string('a', 3);
        Assert.Same(alive, interned.Intern(alive));
        Assert.Same(alive, interned.Intern(new string('a', 3)));
        Assert.Equal("b", interned.Intern("b"));

        var gone = InternedOnce(interned, 2_000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(gone.TryGetTarget(out _));
        for (var i = 0; i < 2_000; i++) interned.Intern($"later-{i}");

        // The 2,000 values nobody held were swept when the table grew past them: what is left is about what is in use.
        Assert.True(interned.Count < 3_000, $"{interned.Count} entries");
        Assert.Same(alive, interned.Intern(new string('a', 3)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<string> DrawnOnce(DrawnRows drawn, ConversationRow row) => new(drawn.Of(row, false, Directory, Now).Value);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<string> InternedOnce(Interned<string> interned, int count)
    {
        string first = interned.Intern($"once-{0}");
        for (var i = 1; i < count; i++) interned.Intern($"once-{i}");
        return new WeakReference<string>(first);
    }
}
