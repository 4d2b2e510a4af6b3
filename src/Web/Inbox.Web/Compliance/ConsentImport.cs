using Inbox.Silo;
using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;

namespace Inbox.Web.Compliance;

/// <summary>
/// A bulk consent import: a JSON array of consent bodies, or CSV with the header
/// <c>channel,address,action[,numberKey][,reason]</c> (action: optIn, optInMarketing, withdrawMarketing, optOut).
/// </summary>
public static class ConsentImport
{
    public static async Task<IReadOnlyList<ComplianceApi.ConsentBody>> ReadAsync(HttpRequest request)
    {
        if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var reader = new StreamReader(request.Body);
            return Csv(await reader.ReadToEndAsync());
        }
        return await request.ReadFromJsonAsync<List<ComplianceApi.ConsentBody>>()
            ?? throw Refuse.Invalid("empty_import", "The import is empty.");
    }

    public static IReadOnlyList<ComplianceApi.ConsentBody> Csv(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0) throw Refuse.Invalid("empty_import", "The import is empty.");
        var header = lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        int Column(string name) => Array.IndexOf(header, name.ToLowerInvariant());
        var (channel, address, action, number, reason) = (Column("channel"), Column("address"), Column("action"), Column("numberKey"), Column("reason"));
        if (channel < 0 || address < 0 || action < 0) throw Refuse.Invalid("bad_csv", "The CSV header needs channel, address and action.");
        return lines.Skip(1).Select((line, i) =>
        {
            var cells = line.Split(',').Select(c => c.Trim()).ToArray();
            string? Cell(int index) => index >= 0 && index < cells.Length && cells[index].Length > 0 ? cells[index] : null;
            return new ComplianceApi.ConsentBody(
                Cell(channel) is { } c ? ChannelNames.ParseChannel(c) : null, Cell(address),
                Enum.TryParse<ConsentAction>(Cell(action), ignoreCase: true, out var a) ? a : throw Refuse.Invalid("bad_csv", $"Row {i + 1}: '{Cell(action)}' is not an action."),
                Cell(number), Cell(reason));
        }).ToArray();
    }
}
