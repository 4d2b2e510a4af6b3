using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Queries;
using Microsoft.AspNetCore.Components;

namespace Inbox.Web.Components.Workspace;

/// <summary>
/// One inbox row's link, written as HTML: the list hands it to the renderer as a single markup frame instead of about 33
/// element, attribute and text frames. An idle circuit keeps every component's frames twice (to diff against), so this is
/// most of what an open inbox page holds beyond the template's Weather page (docs/performance.md, circuits). The row has
/// no event handlers of its own (its link is followed by Blazor's navigation, as any link), so nothing is lost; a row that
/// changes is redrawn whole. Every text and attribute value is HTML-encoded here: this is the one place in the workspace
/// where Razor does not encode for us.
/// </summary>
public static class RowHtml
{
    // Encodes markup's special characters and leaves letters of every script as they are (names need not grow 8× in Greek).
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static MarkupString Of(ConversationRow row, bool open, InboxDirectory directory, DateTimeOffset now)
    {
        var (badge, css) = Display.ChannelBadge(row.Channel);
        var html = new StringBuilder(512);
        html.Append("<a href=\"inbox/").Append(Encode(row.Id)).Append("\" class=\"").Append(open ? "conversation active" : "conversation")
            .Append("\" data-conversation=\"").Append(Encode(row.Id)).Append('"');
        if (open) html.Append(" aria-current=\"page\"");
        html.Append("><span class=\"channel ").Append(css).Append("\" aria-label=\"").Append(Encode(row.Channel.Display())).Append("\">")
            .Append(Encode(badge)).Append("</span>");
        Span(html, "contact", row.ContactName ?? row.ContactAddress);
        Span(html, "number", $"on {directory.NumberName(row.NumberKey)}");
        Span(html, "preview", row.Preview);
        html.Append("<span class=\"facts\">");
        if (row.WaitingSince is { } since)
        {
            html.Append("<span class=\"waiting\" title=\"Waiting for an answer since ").Append(since.UtcDateTime.ToString("u", CultureInfo.InvariantCulture))
                .Append("\">").Append(Encode($"Waiting {Display.Waited(now - since)}")).Append("</span>");
        }
        if (row.Unread > 0)
        {
            var count = row.Unread >= ConversationQueries.MonitorUnreadCap ? "100+" : row.Unread.ToString(CultureInfo.InvariantCulture);
            html.Append("<span class=\"badge text-bg-primary unread\" aria-label=\"").Append(row.Unread.ToString(CultureInfo.InvariantCulture))
                .Append(" unread\">").Append(count).Append("</span>");
        }
        Span(html, "assignee", row.AssigneeId is null ? "unassigned" : directory.AgentName(row.AssigneeId));
        html.Append("</span></a>");
        return new MarkupString(html.ToString());
    }

    private static void Span(StringBuilder html, string css, string? text) =>
        html.Append("<span class=\"").Append(css).Append("\">").Append(Encode(text)).Append("</span>");

    private static string Encode(string? text) => text is null ? "" : Encoder.Encode(text);
}

/// <summary>
/// A list's rows as drawn, each row's markup made once for what it shows. The renderer keeps a component's last frames
/// beside its current ones to diff against, so a row drawn again with a new string of the same markup had both held: one
/// string now serves both (about 11 KiB less per idle inbox circuit, docs/performance.md). A row's markup is made again
/// when the row, whether it is the open one, the directory or its waiting time's words change. Two generations, the
/// newer swapped in when it fills, keep it to about the rows drawn lately. Markup equal to what another circuit drew is that
/// circuit's string (<see cref="Interned{T}"/>): pages that show the same rows the same way hold their markup once.
/// </summary>
public sealed class DrawnRows
{
    public const int Remembered = 64;

    private static readonly Interned<string> Markup = new(StringComparer.Ordinal);

    private Dictionary<string, Drawn> _newer = new(StringComparer.Ordinal), _older = new(StringComparer.Ordinal);

    private sealed record Drawn(ConversationRow Row, bool Open, InboxDirectory Directory, string? Waited, MarkupString Html);

    public MarkupString Of(ConversationRow row, bool open, InboxDirectory directory, DateTimeOffset now)
    {
        var waited = row.WaitingSince is { } since ? Display.Waited(now - since) : null;
        if ((_newer.GetValueOrDefault(row.Id) ?? _older.GetValueOrDefault(row.Id)) is { } known
            && ReferenceEquals(known.Row, row) && known.Open == open && ReferenceEquals(known.Directory, directory) && known.Waited == waited)
        {
            _newer[row.Id] = known;
            return known.Html;
        }
        if (_newer.Count >= Remembered) (_older, _newer) = (_newer, new Dictionary<string, Drawn>(StringComparer.Ordinal));
        var html = new MarkupString(Markup.Intern(RowHtml.Of(row, open, directory, now).Value));
        _newer[row.Id] = new Drawn(row, open, directory, waited, html);
        return html;
    }
}
