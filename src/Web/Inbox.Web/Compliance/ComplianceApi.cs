using Inbox.Actors;
using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;
using Inbox.Silo.Contacts;
using Inbox.Silo.Conversations;
using Inbox.Silo.Numbers;
using Inbox.Web.Api;
using Inbox.Web.Auth;

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
            var rows = await ConsentImport.ReadAsync(request);
            var errors = new List<string>();
            var imported = 0;
            foreach (var (row, line) in rows.Select((r, i) => (r, i + 1)))
            {
                try
                {
                    await ChangeAsync(me, grains, brandId, row, ConsentMethod.Import);
                    imported++;
                }
                catch (DomainException refused)
                {
                    errors.Add($"row {line}: {refused.Message}");
                }
            }
            return new ImportResult(imported, errors);
        });

        api.MapGet("/brands/{brandId}/figures", async (string brandId, DateTimeOffset? from, DateTimeOffset? to, CallerAccessor caller, Figures figures, TimeProvider time) =>
        {
            var end = to ?? time.GetUtcNow();
            return await figures.ForBrandAsync(await caller.GetAsync(), brandId, from ?? end.AddDays(-30), end);
        }).WithTags("Figures");
        api.MapGet("/conversations/{id}/composer", async (string id, CallerAccessor caller, IGrainFactory grains) =>
            await grains.GetGrain<IConversationGrain>(id).Composer(await caller.GetAsync())).WithTags("Conversations");
        api.MapPost("/numbers/{key}/templates", async (string key, MessageTemplate body, CallerAccessor caller, IGrainFactory grains) =>
            await grains.GetGrain<INumberGrain>(NumberKey.Parse(key).ToString()).AddTemplate(await caller.GetAsync(), body)).WithTags("Numbers");
        return api;
    }

    private static async Task<ConsentView> ChangeAsync(Caller caller, IGrainFactory grains, string brandId, ConsentBody body, ConsentMethod method)
    {
        var (channel, address) = Person(ApiExtensions.Required(body.Channel, "channel"), ApiExtensions.Required(body.Address, "address"));
        return await grains.GetGrain<IConsentGrain>(ConsentKeys.For(brandId, channel, address))
            .Change(caller, new ConsentChange(ApiExtensions.Required(body.Action, "action"), method, body.NumberKey, body.Reason, body.Evidence));
    }

    // Consent is about what may be sent to someone: an address that cannot receive (an alphanumeric sender id) has none to record.
    private static (Channel, string) Person(Channel channel, string address) =>
        ContactIdentities.CannotReceive(channel, address) is { } cannot ? throw cannot : (channel, ContactIdentities.From(channel, address).Value);

    public sealed record ConsentBody(Channel? Channel, string? Address, ConsentAction? Action, string? NumberKey = null, string? Reason = null,
        string? Evidence = null, ConsentMethod? Method = null);

    public sealed record ConsentRecord(ConsentView Current, IReadOnlyList<ConsentEventView> History);

    public sealed record ImportResult(int Imported, IReadOnlyList<string> Errors);
}
