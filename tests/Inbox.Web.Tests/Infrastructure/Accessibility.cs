using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Inbox.Web.Tests;

/// <summary>
/// axe-core (the copy <c>Deque.AxeCore.Playwright</c> ships) run on a page as it is shown. Only serious and critical
/// findings count: those block someone from using the page (no name on a button, text too faint to read, a field without a label).
/// </summary>
public static class Accessibility
{
    private static readonly HashSet<string> Blocking = new(StringComparer.OrdinalIgnoreCase) { "serious", "critical" };

    /// <summary>The serious and critical findings on <paramref name="page"/>, each in words with the elements it names; none when it passes.</summary>
    public static async Task<IReadOnlyList<string>> FindingsAsync(IPage page, string name)
    {
        var result = await page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
        return [.. result.Violations.Where(v => Blocking.Contains(v.Impact ?? "")).Select(v => Describe(name, v))];
    }

    private static string Describe(string page, AxeResultItem violation)
    {
        var text = new StringBuilder($"[{page}] {violation.Impact} {violation.Id}: {violation.Help} ({violation.HelpUrl})");
        foreach (var node in violation.Nodes.Take(8))
        {
            text.Append(Environment.NewLine).Append("    at ").Append(node.Target).Append("  ").Append(Shorten(node.Html));
            foreach (var check in (node.All ?? []).Concat(node.None ?? []).Concat(node.Any ?? []).Where(c => !string.IsNullOrWhiteSpace(c.Message)))
                text.Append(Environment.NewLine).Append("       ").Append(check.Message.ReplaceLineEndings(" "));
        }
        if (violation.Nodes.Length > 8) text.Append(Environment.NewLine).Append($"    and {violation.Nodes.Length - 8} more");
        return text.ToString();
    }

    private static string Shorten(string html) => html.Length <= 160 ? html : html[..157] + "...";
}
