using System.Text;
using System.Text.Json;
using Inbox.Silo;
using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;

namespace Inbox.Web.Compliance;

/// <summary>
/// Reads one import row, JSON or CSV, into a consent body, or refuses that row alone: a missing or
/// mistyped field, an unknown channel or action. What only the consent grain can judge (the
/// address, the number) is refused later, row by row too.
/// </summary>
public static class ImportRows
{
    private static readonly string[] Fields = ["channel", "address", "action", "numberKey", "reason", "evidence"];

    public static ImportRow FromJson(int row, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return Refused(row, "not_an_object", "$", "A row must be a JSON object with channel, address and action.");
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            var name = Fields.FirstOrDefault(f => f.Equals(property.Name, StringComparison.OrdinalIgnoreCase));
            if (name is null || values.ContainsKey(name)) continue; // other fields (method: an import is always "import") are ignored
            if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                return Refused(row, "wrong_type", name, $"The field '{name}' must be a string, not {property.Value.ValueKind.ToString().ToLowerInvariant()}.");
            values[name] = property.Value.GetString();
        }
        return Build(row, name => values.GetValueOrDefault(name));
    }

    public static ImportRow FromCsv(int row, string[] header, string line)
    {
        var cells = Cells(line);
        if (cells is null) return Refused(row, "bad_csv_row", "$", "A quoted cell is not closed on its line.");
        return Build(row, name =>
        {
            var index = Array.IndexOf(header, name.ToLowerInvariant());
            return index >= 0 && index < cells.Count ? cells[index] : null;
        });
    }

    /// <summary>The field a refusal from the consent grain is about, when the refusal does not say.</summary>
    public static string FieldOf(DomainException refused) => refused.Field ?? refused.Code switch
    {
        "bad_phone_number" or "bad_address" => "address",
        "number_not_found" or "bad_number_key" => "numberKey",
        "unknown_channel" => "channel",
        _ when refused.Code.StartsWith("missing_", StringComparison.Ordinal) => refused.Code["missing_".Length..],
        _ => "$",
    };

    /// <summary>The cells of one CSV line: commas separate, double quotes enclose (a doubled quote is a quote); null if a quote is left open.</summary>
    public static IReadOnlyList<string>? Cells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var (quoted, wasQuoted) = (false, false);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') cell.Append(line[++i]);
                else quoted = false;
            }
            else if (c == '"' && cell.ToString().Trim().Length == 0)
            {
                (quoted, wasQuoted) = (true, true);
                cell.Clear();
            }
            else if (c == ',')
            {
                cells.Add(wasQuoted ? cell.ToString() : cell.ToString().Trim());
                (cell, wasQuoted) = (new StringBuilder(), false);
            }
            else if (!wasQuoted || !char.IsWhiteSpace(c))
            {
                cell.Append(c);
            }
        }
        if (quoted) return null;
        cells.Add(wasQuoted ? cell.ToString() : cell.ToString().Trim());
        return cells;
    }

    private static ImportRow Build(int row, Func<string, string?> field)
    {
        string? Text(string name) => field(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        if (Text("channel") is not { } channelName) return Missing(row, "channel");
        Channel channel;
        try
        {
            channel = ChannelNames.ParseChannel(channelName);
        }
        catch (DomainException unknown)
        {
            return Refused(row, unknown.Code, "channel", unknown.Message);
        }
        if (Text("address") is not { } address) return Missing(row, "address");
        if (Text("action") is not { } actionName) return Missing(row, "action");
        if (!ConsentActions.TryParse(actionName, out var action))
            return Refused(row, "unknown_action", "action", $"'{actionName}' is not an action: use {ConsentActions.Spellings}.");
        return new ImportRow(row, new ComplianceApi.ConsentBody(channel, address, action, Text("numberKey"), Text("reason"), Text("evidence")));
    }

    private static ImportRow Missing(int row, string field) => Refused(row, "missing_" + field, field, $"The field '{field}' is required.");

    private static ImportRow Refused(int row, string code, string field, string error) => new(row, null, ImportRowResult.Refuse(row, code, field, error));
}
