using Inbox.Silo;
using Inbox.Silo.Accounts;
using Inbox.Web.Api;
using Inbox.Web.Auth;
using Inbox.Web.Webhooks;

namespace Inbox.Web.Accounts;

public static class ProviderAccountsApi
{
    /// <summary>/provider-accounts: the accounts numbers use, owned by a brand or shared by the instance owner.</summary>
    public static RouteGroupBuilder MapProviderAccounts(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/provider-accounts").WithTags("Provider accounts");
        accounts.MapGet("/", async (string? brandId, CallerAccessor caller, ProviderAccounts directory) =>
            await directory.ListAsync(await caller.GetAsync(), brandId));
        accounts.MapPost("/", async (NewAccountBody body, CallerAccessor caller, IGrainFactory grains) =>
        {
            var account = await grains.GetGrain<IProviderAccountGrain>(Ids.New("acc")).Create(await caller.GetAsync(),
                new NewProviderAccount(ApiExtensions.Required(body.Kind, "kind"), ApiExtensions.Required(body.Name, "name"), body.BrandId, body.SharedWith));
            return Results.Created($"/api/v1/provider-accounts/{account.Id}", account);
        }).Produces<ProviderAccountView>(StatusCodes.Status201Created);
        accounts.MapGet("/{accountId}", async (string accountId, CallerAccessor caller, ProviderAccounts directory) =>
            await directory.GetAsync(await caller.GetAsync(), accountId) ?? throw Refuse.NotFound("provider_account", accountId));
        accounts.MapPatch("/{accountId}", async (string accountId, ChangeAccountBody body, CallerAccessor caller, IGrainFactory grains) =>
            await grains.GetGrain<IProviderAccountGrain>(accountId).Change(await caller.GetAsync(), new ProviderAccountChange(body.Name, body.SharedWith)));
        accounts.MapPut("/{accountId}/credentials", async (string accountId, Dictionary<string, string?> body, CallerAccessor caller, ProviderCredentials credentials) =>
            await credentials.SetAsync(await caller.GetAsync(), accountId, body))
            .WithSummary("Sets the account's credentials by name (null removes one); the answer shows at most a secret's last 4 characters.");
        accounts.MapTelegramWebhookRegistration();
        return api;
    }

    /// <summary>Give brandId for an account of that brand; leave it out (owner only) for the instance's, shared with the brands in sharedWith.</summary>
    /// <summary>The credentials, sealed with Data Protection, and where each provider's API is.</summary>
    public static IServiceCollection AddProviderCredentials(this IServiceCollection services)
    {
        services.AddOptions<ProviderOptions>().BindConfiguration("Inbox:Providers").ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ProviderOptions>, ProviderOptions.Validator>();
        services.AddSingleton<CredentialVault>();
        services.AddSingleton<ProviderCredentials>();
        return services;
    }

    public sealed record NewAccountBody(ProviderAccountKind? Kind, string? Name, string? BrandId = null, IReadOnlyList<string>? SharedWith = null);

    public sealed record ChangeAccountBody(string? Name = null, IReadOnlyList<string>? SharedWith = null);
}
