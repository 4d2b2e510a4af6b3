using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;
using Inbox.Silo.Contacts;
using Inbox.Silo.Conversations;
using Inbox.Silo.Numbers;
using Inbox.Web.Api;
using Inbox.Web.Auth;
using Inbox.Web.Senders;

namespace Inbox.Web.Compliance;

public static class ComplianceApi
{
    public static RouteGroupBuilder MapCompliance(this RouteGroupBuilder api)
    {
        var consent = api.MapGroup("/brands/{brandId}/consent").WithTags("Consent");
        consent.MapGet("/", async (string brandId, Channel? channel, string? address, CallerAccessor caller, IGrainFactory grains, ConsentHistory history) =>
        {
            var me = await caller.GetAsync();
            var (ch, who) = Person(ApiExtensions.Required(channel, "channel"), ApiExtensions.Required(address, "address"));
            Visibility.EnsureCanSeeBrand(me, brandId);
            var current = await grains.GetGrain<IConsentGrain>(ConsentKeys.For(brandId, ch, who)).Get();
            return new ConsentRecord(current, await history.ForAsync(me, brandId, ch, who));
        });
        consent.MapPost("/", async (string brandId, ConsentBody body, CallerAccessor caller, IGrainFactory grains) =>
            await ChangeAsync(await caller.GetAsync(), grains, brandId, body, body.Method ?? ConsentMethod.Api));
        consent.MapPost("/import", async (string brandId, HttpRequest request, CallerAccessor caller, IGrainFactory grains) =>
        {
            var me = await caller.GetAsync();
            Visibility.EnsureCanManageBrand(me, brandId);
            var read = await ConsentImport.ReadAsync(request);
            if (read.Problem is { } problem) return ConsentImport.Answer(problem);
            var results = new List<ImportRowResult>();
            foreach (var row in read.Rows)
                results.Add(row.Body is { } body ? await ImportAsync(me, grains, brandId, row.Row, body) : row.Refused!);
            return Results.Ok(ImportResult.Of(results));
        }).Accepts<IReadOnlyList<ConsentBody>>("application/json", "text/csv") // routing answers other types 415; the API's status pages give it a code
            .Produces<ImportResult>();

        api.MapGet("/brands/{brandId}/figures", async (string brandId, DateTimeOffset? from, DateTimeOffset? to, CallerAccessor caller, Figures figures, TimeProvider time) =>
        {
            var end = to ?? time.GetUtcNow();
            return await figures.ForBrandAsync(await caller.GetAsync(), brandId, from ?? end.AddDays(-30), end);
        }).WithTags("Figures");
        api.MapGet("/conversations/{id}/composer", async (string id, CallerAccessor caller, IGrainFactory grains) =>
            await grains.GetGrain<IConversationGrain>(id).Composer(await caller.GetAsync())).WithTags("Conversations");
        api.MapPost("/numbers/{key}/templates", async (string key, MessageTemplate body, CallerAccessor caller, IGrainFactory grains) =>
            await grains.GetGrain<INumberGrain>(Numbers.NumbersApi.FromPath(key)).AddTemplate(await caller.GetAsync(), body)).WithTags("Numbers");
        api.MapWhatsAppTemplateSync();
        return api;
    }

    private static async Task<ConsentView> ChangeAsync(Caller caller, IGrainFactory grains, string brandId, ConsentBody body, ConsentMethod method)
    {
        var (channel, address) = Person(ApiExtensions.Required(body.Channel, "channel"), ApiExtensions.Required(body.Address, "address"));
        return await grains.GetGrain<IConsentGrain>(ConsentKeys.For(brandId, channel, address))
            .Change(caller, new ConsentChange(ApiExtensions.Required(body.Action, "action"), method, body.NumberKey, body.Reason, body.Evidence));
    }

    /// <summary>One row's change; a refusal stays with its row, so the rest of the import goes on.</summary>
    private static async Task<ImportRowResult> ImportAsync(Caller caller, IGrainFactory grains, string brandId, int row, ConsentBody body)
    {
        try
        {
            await ChangeAsync(caller, grains, brandId, body, ConsentMethod.Import);
            return ImportRowResult.Imported(row);
        }
        catch (DomainException refused)
        {
            return ImportRowResult.Refuse(row, refused.Code, ImportRows.FieldOf(refused), refused.Message);
        }
    }

    // Consent is about what may be sent to someone: an address that cannot receive (an alphanumeric sender id) has none to record.
    private static (Channel, string) Person(Channel channel, string address) =>
        ContactIdentities.CannotReceive(channel, address) is { } cannot ? throw cannot : (channel, ContactIdentities.From(channel, address).Value);

    public sealed record ConsentBody(Channel? Channel, string? Address, ConsentAction? Action, string? NumberKey = null, string? Reason = null,
        string? Evidence = null, ConsentMethod? Method = null);

    public sealed record ConsentRecord(ConsentView Current, IReadOnlyList<ConsentEventView> History);

    /// <summary>How many rows were imported, what became of each, and (as before) a line per refused row.</summary>
    public sealed record ImportResult(int Imported, int Refused, IReadOnlyList<ImportRowResult> Rows, IReadOnlyList<string> Errors)
    {
        public static ImportResult Of(IReadOnlyList<ImportRowResult> rows) => new(
            rows.Count(r => r.Status == "imported"), rows.Count(r => r.Status != "imported"), rows,
            rows.Where(r => r.Status != "imported").Select(r => $"row {r.Row}: {r.Error}").ToArray());
    }
}
