using System.Net.Http.Headers;
using System.Text.Json;
using Inbox.Connectors.Meta;

namespace Inbox.Connectors.WhatsApp;

/// <summary>A template as the business account lists it: its review status and body text (with {{1}}, … placeholders), if it has a body.</summary>
public sealed record WhatsAppTemplate(string Name, string Language, string Status, string? Category, string? Body);

/// <summary>The business account's templates, or why they could not be listed (<see cref="AuthProblem"/> when the token or account is at fault).</summary>
public sealed record WhatsAppTemplateList(IReadOnlyList<WhatsAppTemplate>? Templates, string? Problem, bool AuthProblem = false);

public sealed partial class WhatsAppCloudClient
{
    /// <summary>More pages than any business has templates (Meta allows a few hundred, 100 a page): a guard against a paging loop.</summary>
    private const int MaxPages = 20;

    /// <summary>Every template of the account, following <c>paging.next</c> (only back to the Graph's own host, which gets the token).</summary>
    public async Task<WhatsAppTemplateList> TemplatesAsync(WhatsAppAccount account, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(account.BusinessAccountId))
            return new WhatsAppTemplateList(null, "The WhatsApp business account has no 'businessAccountId' credential, which names whose templates to fetch", true);
        var templates = new List<WhatsAppTemplate>();
        Uri? next = account.Graph($"{Uri.EscapeDataString(account.BusinessAccountId)}/message_templates?fields=name,language,status,category,components&limit=100");
        try
        {
            for (var page = 0; next is not null && page < MaxPages; page++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, next);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.AccessToken);
                using var response = await http.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    var error = GraphError.Read(body);
                    var auth = error is { Code: 190 or 0 or 10 or (>= 200 and <= 299) } or { Code: 100, Subcode: 33 } || (int)response.StatusCode is 401 or 403;
                    return new WhatsAppTemplateList(null, $"WhatsApp refused to list the templates: {error?.Reason ?? $"HTTP {(int)response.StatusCode}"}"
                        + (error is null ? "" : $" (provider code {error.Code})"), auth);
                }
                (next, var read) = ReadTemplates(body);
                templates.AddRange(read);
                if (next is not null && !account.MayCarryToken(next)) next = null;
            }
        }
        catch (Exception failure) when (failure is HttpRequestException or IOException || (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new WhatsAppTemplateList(null, $"WhatsApp could not be reached to list the templates: {failure.Message}");
        }
        return new WhatsAppTemplateList(templates, null);
    }

    /// <summary>One page of <c>message_templates</c>: its templates (the body component's text) and the next page, if any.</summary>
    public static (Uri? Next, IReadOnlyList<WhatsAppTemplate> Templates) ReadTemplates(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            var templates = root.Items("data")
                .Where(t => t.Str("name") is not null && t.Str("language") is not null)
                .Select(t => new WhatsAppTemplate(t.Str("name")!, t.Str("language")!, t.Str("status") ?? "", t.Str("category"),
                    t.Items("components").FirstOrDefault(c => string.Equals(c.Str("type"), "BODY", StringComparison.OrdinalIgnoreCase)).Str("text")))
                .ToList();
            var next = Uri.TryCreate(root.Obj("paging").Str("next"), UriKind.Absolute, out var url) ? url : null;
            return (next, templates);
        }
        catch (JsonException) { return (null, []); }
    }
}
