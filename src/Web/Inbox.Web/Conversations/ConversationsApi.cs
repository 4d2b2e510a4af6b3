using Inbox.Silo;
using Inbox.Silo.Channels;
using Inbox.Silo.Conversations;
using Inbox.Silo.Outbound;
using Inbox.Silo.Queries;
using Inbox.Web.Api;
using Inbox.Web.Auth;

namespace Inbox.Web.Conversations;

public static class ConversationsApi
{
    public static RouteGroupBuilder MapConversations(this RouteGroupBuilder api)
    {
        var conversations = api.MapGroup("/conversations").WithTags("Conversations");
        conversations.MapGet("/", async (CallerAccessor caller, ConversationQueries queries, string? brandId, ConversationStatus? status,
            Channel? channel, string? number, string? assignee, string? team, bool? unassigned, string? contact, ConversationSort? sort, string? cursor, int? limit) =>
            await queries.ListAsync(await caller.GetAsync(),
                new ConversationFilter(brandId, status, channel, number, assignee, team, unassigned ?? false, contact), cursor, ApiExtensions.Limit(limit),
                sort ?? ConversationSort.Waiting))
            .WithSummary("The conversations the caller may see: longest-waiting first (sort=Waiting, the default), or by last activity (sort=Recent); keyset paged by next.");
        conversations.MapGet("/{id}", async (string id, CallerAccessor caller, ConversationQueries queries) =>
            await queries.GetAsync(await caller.GetAsync(), id) ?? throw Refuse.NotFound("conversation", id));
        conversations.MapGet("/{id}/messages", async (string id, CallerAccessor caller, ConversationQueries queries, string? cursor, int? limit) =>
            await queries.ThreadAsync(await caller.GetAsync(), id, cursor, ApiExtensions.Limit(limit)) ?? throw Refuse.NotFound("conversation", id));
        conversations.MapPost("/{id}/messages", async (string id, NewMessage body, CallerAccessor caller, IGrainFactory grains) =>
        {
            var message = await grains.GetGrain<IConversationGrain>(id).Send(await caller.GetAsync(),
                new Outgoing(body.Text, body.Media, body.Private ?? false, Template: body.Template, HumanAgent: body.HumanAgent ?? false,
                    ReplyToMessageId: body.ReplyToMessageId));
            return Results.Created($"/api/v1/conversations/{id}/messages", message);
        }).Produces<MessageView>(StatusCodes.Status201Created);
        conversations.MapPost("/{id}/assignment", async (string id, AssignmentBody body, CallerAccessor caller, IGrainFactory grains) =>
            await grains.GetGrain<IConversationGrain>(id).Assign(await caller.GetAsync(),
                body.Given ? body.AssigneeId : throw Refuse.Invalid("missing_assigneeId", "Give assigneeId: an agent's id, or null to unassign.", "assigneeId")));
        conversations.MapPatch("/{id}", async (string id, ConversationPatch body, CallerAccessor caller, IGrainFactory grains) =>
            await grains.GetGrain<IConversationGrain>(id).Update(await caller.GetAsync(), new ConversationChange(body.Status, body.SnoozedUntil, body.TeamId)));
        conversations.MapPost("/{id}/messages/{messageId}/resend", async (string id, string messageId, CallerAccessor caller, IGrainFactory grains) =>
        {
            var message = await grains.GetGrain<IConversationGrain>(id).Resend(await caller.GetAsync(), messageId);
            return Results.Created($"/api/v1/conversations/{id}/messages", message);
        }).Produces<MessageView>(StatusCodes.Status201Created);
        conversations.MapPost("/{id}/read", async (string id, CallerAccessor caller, IGrainFactory grains) =>
            await grains.GetGrain<IConversationGrain>(id).MarkRead(await caller.GetAsync()));

        api.MapPost("/messages", async (StartBody body, CallerAccessor caller, ContactStarter starter) =>
        {
            var (conversation, message) = await starter.SendAsync(await caller.GetAsync(), new StartContact(
                ApiExtensions.Required(body.BrandId, "brandId"), ApiExtensions.Required(body.Channel, "channel"), ApiExtensions.Required(body.Purpose, "purpose"),
                ApiExtensions.Required(body.To, "to"), body.Text, body.Media, body.From, body.ContactName, body.Template, body.Urgent ?? false, body.UrgentReason));
            return Results.Accepted($"/api/v1/conversations/{conversation.Id}/messages", new Started(conversation, message));
        }).Produces<Started>(StatusCodes.Status202Accepted).WithTags("Messages");

        api.MapGet("/search", async (string? q, CallerAccessor caller, ConversationQueries queries) =>
            await queries.SearchAsync(await caller.GetAsync(), q ?? "")).WithTags("Search");
        return api;
    }

    public sealed record NewMessage(
        string? Text, IReadOnlyList<MediaRef>? Media = null, bool? Private = null, Inbox.Silo.Numbers.TemplateUse? Template = null, bool? HumanAgent = null,
        string? ReplyToMessageId = null);

    /// <summary>An absent assigneeId is a mistake; an explicit null unassigns.</summary>
    public sealed class AssignmentBody
    {
        private readonly string? _assigneeId;

        public string? AssigneeId
        {
            get => _assigneeId;
            init
            {
                _assigneeId = value;
                Given = true;
            }
        }

        [System.Text.Json.Serialization.JsonIgnore]
        public bool Given { get; private init; }
    }

    public sealed record ConversationPatch(ConversationStatus? Status = null, DateTimeOffset? SnoozedUntil = null, string? TeamId = null);

    public sealed record StartBody(
        string? BrandId, Channel? Channel, Purpose? Purpose, string? To, string? Text,
        IReadOnlyList<MediaRef>? Media = null, string? From = null, string? ContactName = null,
        Inbox.Silo.Numbers.TemplateUse? Template = null, bool? Urgent = null, string? UrgentReason = null);

    public sealed record Started(ConversationRow Conversation, MessageView Message);
}
