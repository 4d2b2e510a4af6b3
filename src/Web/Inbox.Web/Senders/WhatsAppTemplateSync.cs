using Inbox.Connectors.WhatsApp;
using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Accounts;
using Inbox.Silo.Channels;
using Inbox.Silo.Numbers;
using Inbox.Web.Api;
using Inbox.Web.Auth;

namespace Inbox.Web.Senders;

/// <summary>
/// <c>POST /numbers/{key}/templates/sync</c>: a brand admin's action that fetches the business account's approved
/// templates from Meta into the number's templates, beside the ones typed in. Templates are kept, never removed, so
/// a template Meta later pauses still shows what was sent with it; Meta refuses a send of it with its own code.
/// </summary>
public static class WhatsAppTemplateSync
{
    public static RouteGroupBuilder MapWhatsAppTemplateSync(this RouteGroupBuilder api)
    {
        api.MapPost("/numbers/{key}/templates/sync", async (string key, CallerAccessor caller, IGrainFactory grains, WhatsAppCloudClient client,
            IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var me = await caller.GetAsync();
            var numberGrain = grains.GetGrain<INumberGrain>(Numbers.NumbersApi.FromPath(key));
            if (await numberGrain.Get() is not { } number || !Visibility.CanSeeBrand(me, number.BrandId)) throw Refuse.NotFound("number", key);
            Visibility.EnsureCanManageBrand(me, number.BrandId);
            if (number.Channel != Channel.WhatsApp) throw Refuse.Rule("templates_whatsapp_only", "Templates are registered on WhatsApp numbers.");
            var account = await grains.GetGrain<IProviderAccountGrain>(number.ProviderAccount).Get();
            if (account?.Kind != ProviderAccountKind.WhatsAppBusinessAccount)
                throw Refuse.Rule("not_a_whatsapp_business_account", $"Number {key} sends through '{number.ProviderAccount}', not a WhatsApp business account, so it has no templates at Meta.");
            var opened = await WhatsAppCredentials.From(services).OpenAsync(account.Id);
            if (opened is not WhatsAppCredentials.Usable usable)
                return ApiProblems.Problem(StatusCodes.Status502BadGateway, "whatsapp_credentials", Silo.Outbound.Outbox.Failure(((WhatsAppCredentials.Unusable)opened).Result)!.Value.Reason);
            var list = await client.TemplatesAsync(usable.Account, cancellationToken);
            if (list.Templates is not { } fetched)
                return ApiProblems.Problem(StatusCodes.Status502BadGateway, list.AuthProblem ? "whatsapp_refused" : "whatsapp_unreachable", list.Problem!);
            var (usable2, skipped) = Choose(fetched);
            foreach (var template in usable2) number = await numberGrain.AddTemplate(me, template);
            return Results.Ok(new SyncAnswer(usable2.Select(t => new SyncedTemplate(t.Name, t.Language)).ToArray(), skipped, number));
        }).WithTags("Numbers").Produces<SyncAnswer>()
            .WithSummary("Fetches the approved templates of the number's WhatsApp business account into its templates.");
        return api;
    }

    /// <summary>
    /// The templates a number can take: approved ones with a body whose placeholders are numbered ({{1}}, {{2}}, …);
    /// the others are listed with the reason, so an admin sees why a template Meta shows is not offered.
    /// </summary>
    public static (IReadOnlyList<MessageTemplate> Usable, IReadOnlyList<SkippedTemplate> Skipped) Choose(IEnumerable<WhatsAppTemplate> fetched)
    {
        var usable = new List<MessageTemplate>();
        var skipped = new List<SkippedTemplate>();
        foreach (var t in fetched)
        {
            string? reason = null;
            if (!string.Equals(t.Status, "APPROVED", StringComparison.OrdinalIgnoreCase)) reason = $"Meta's review status is {t.Status}, not APPROVED";
            else if (string.IsNullOrWhiteSpace(t.Body)) reason = "it has no body text";
            else if (System.Text.RegularExpressions.Regex.IsMatch(t.Body, @"\{\{(?!\d+\}\})")) reason = "its body has named parameters; Inbox fills numbered ones";
            if (reason is null)
            {
                try
                {
                    usable.Add(new MessageTemplate(t.Name, t.Language, t.Body!).Validated());
                    continue;
                }
                catch (DomainException refused) { reason = refused.Message; }
            }
            skipped.Add(new SkippedTemplate(t.Name, t.Language, reason));
        }
        return (usable, skipped);
    }

    public sealed record SyncedTemplate(string Name, string Language);

    public sealed record SkippedTemplate(string Name, string Language, string Reason);

    public sealed record SyncAnswer(IReadOnlyList<SyncedTemplate> Imported, IReadOnlyList<SkippedTemplate> Skipped, NumberView Number);
}
