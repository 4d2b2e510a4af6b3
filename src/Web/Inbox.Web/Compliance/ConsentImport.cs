using System.Text.Json;
using System.Text.Json.Serialization;
using Inbox.Web.Api;
using Microsoft.Net.Http.Headers;

namespace Inbox.Web.Compliance;

/// <summary>One row of an import: the change it asks for, or why it cannot be read.</summary>
public sealed record ImportRow(int Row, ComplianceApi.ConsentBody? Body, ImportRowResult? Refused = null);

/// <summary>What became of one row; a refusal names the field at fault ("$" for the row as a whole).</summary>
public sealed record ImportRowResult(
    int Row, string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null)
{
    public static ImportRowResult Imported(int row) => new(row, "imported");

    public static ImportRowResult Refuse(int row, string code, string field, string error) => new(row, "refused", code, field, error);
}

/// <summary>Why a whole import cannot be read at all: answered as problem details, nothing imported.</summary>
public sealed record ImportProblem(int Status, string Code, string Message, string? Field = "$");

public sealed record ImportRequest(IReadOnlyList<ImportRow> Rows, ImportProblem? Problem = null);

/// <summary>
/// A bulk consent import: a JSON array of consent bodies, or CSV with the header
/// <c>channel,address,action[,numberKey][,reason]</c>. Rows are read one by one, so one bad row is
/// refused on its own and the others are imported (docs/compliance.md).
/// </summary>
public static class ConsentImport
{
    public static async Task<ImportRequest> ReadAsync(HttpRequest request)
    {
        var type = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed : null;
        var json = type is not null && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
        var csv = type is not null && type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase);
        if (request.ContentType is not null && !json && !csv) return Unsupported(request.ContentType);

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
            return new([], new ImportProblem(StatusCodes.Status400BadRequest, "empty_import", "The import is empty: send a JSON array of consent records, or CSV with a header."));
        if (!json && !csv) return Unsupported(null);
        return json ? Json(text) : Csv(text);
    }

    public static ImportRequest Json(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException error)
        {
            return new([], new ImportProblem(StatusCodes.Status400BadRequest, "malformed_json",
                $"The body is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1})."));
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                return new([], new ImportProblem(StatusCodes.Status400BadRequest, "not_an_array", "The import must be a JSON array of consent records."));
            return new(document.RootElement.EnumerateArray().Select((element, i) => ImportRows.FromJson(i + 1, element)).ToArray());
        }
    }

    public static ImportRequest Csv(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => !string.IsNullOrWhiteSpace(l)).ToArray();
        if (lines.Length == 0) return new([], new ImportProblem(StatusCodes.Status400BadRequest, "empty_import", "The import is empty: the CSV has no header."));
        var header = ImportRows.Cells(lines[0])?.Select(h => h.ToLowerInvariant()).ToArray();
        if (header is null || !new[] { "channel", "address", "action" }.All(header.Contains))
            return new([], new ImportProblem(StatusCodes.Status400BadRequest, "bad_csv_header",
                "The CSV header needs the columns channel, address and action (numberKey and reason may follow).", "header"));
        return new(lines.Skip(1).Select((line, i) => ImportRows.FromCsv(i + 1, header, line)).ToArray());
    }

    /// <summary>The problem details of an import that cannot be read, with its code and the field at fault.</summary>
    public static IResult Answer(ImportProblem problem) => problem.Field is { } field
        ? ApiProblems.Invalid(problem.Code, problem.Message, field, problem.Status)
        : ApiProblems.Problem(problem.Status, problem.Code, problem.Message);

    private static ImportRequest Unsupported(string? contentType) => new([], new ImportProblem(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
        $"{(contentType is null ? "A body without a Content-Type" : $"'{contentType}'")} cannot be imported: send application/json or text/csv.", null));
}
