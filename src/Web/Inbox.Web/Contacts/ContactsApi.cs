using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Contacts;
using Inbox.Silo.Inbound;
using Inbox.Silo.Queries;
using Inbox.Web.Api;
using Inbox.Web.Auth;

namespace Inbox.Web.Contacts;

public static class ContactsApi
{
    public static RouteGroupBuilder MapContacts(this RouteGroupBuilder api)
    {
        var contacts = api.MapGroup("/contacts").WithTags("Contacts");
        contacts.MapGet("/{id}", async (string id, CallerAccessor caller, IGrainFactory grains, ConversationQueries queries) =>
        {
            var me = await caller.GetAsync();
            if (!await queries.CanSeeContactAsync(me, id)) throw Refuse.NotFound("contact", id);
            return await grains.GetGrain<IContactGrain>(id).Get() ?? throw Refuse.NotFound("contact", id);
        });
        contacts.MapPatch("/{id}", async (string id, ContactUpdate body, CallerAccessor caller, IGrainFactory grains, ConversationQueries queries) =>
        {
            var me = await caller.GetAsync();
            if (!await queries.CanSeeContactAsync(me, id)) throw Refuse.NotFound("contact", id);
            return await grains.GetGrain<IContactGrain>(id).Update(me, body);
        });

        api.MapGet("/unrouted", async (CallerAccessor caller, UnroutedInbox unrouted, DateTimeOffset? before, int? limit) =>
        {
            if (!(await caller.GetAsync()).IsOwner) throw Refuse.Forbidden("Unrouted traffic belongs to no brand; only the owner sees it.");
            return await unrouted.ListAsync(ApiExtensions.Limit(limit), before);
        }).WithTags("Unrouted");
        return api;
    }
}
