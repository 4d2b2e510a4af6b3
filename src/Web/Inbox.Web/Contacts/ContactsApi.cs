using Inbox.Actors;
using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Contacts;
using Inbox.Silo.Inbound;
using Inbox.Web.Api;
using Inbox.Web.Auth;

namespace Inbox.Web.Contacts;

public static class ContactsApi
{
    public static RouteGroupBuilder MapContacts(this RouteGroupBuilder api)
    {
        var contacts = api.MapGroup("/contacts").WithTags("Contacts");
        contacts.MapGet("/{id}", async (string id, CallerAccessor caller, IGrainFactory grains) =>
        {
            var contact = await grains.GetGrain<IContactGrain>(id).Get();
            if (contact is null || !Visibility.CanSeeBrand(await caller.GetAsync(), contact.BrandId)) throw Refuse.NotFound("contact", id);
            return contact;
        });
        contacts.MapPatch("/{id}", async (string id, ContactUpdate body, CallerAccessor caller, IGrainFactory grains) =>
            await grains.GetGrain<IContactGrain>(id).Update(await caller.GetAsync(), body));

        api.MapGet("/unrouted", async (CallerAccessor caller, UnroutedInbox unrouted, DateTimeOffset? before, int? limit) =>
        {
            if (!(await caller.GetAsync()).IsOwner) throw Refuse.Forbidden("Unrouted traffic belongs to no brand; only the owner sees it.");
            return await unrouted.ListAsync(ApiExtensions.Limit(limit), before);
        }).WithTags("Unrouted");
        return api;
    }
}
