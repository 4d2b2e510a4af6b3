using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Brands;
using Inbox.Silo.Queries;
using Inbox.Web.Api;
using Inbox.Web.Auth;

namespace Inbox.Web.Brands;

public static class BrandsApi
{
    public static RouteGroupBuilder MapBrands(this RouteGroupBuilder api)
    {
        var brands = api.MapGroup("/brands").WithTags("Brands");
        brands.MapGet("/", async (CallerAccessor caller, DirectoryQueries directory) => await directory.BrandsAsync(await caller.GetAsync()));
        brands.MapPost("/", async (NewBrand body, CallerAccessor caller, IGrainFactory grains) =>
        {
            var brand = await grains.GetGrain<IBrandGrain>(Ids.New("brd")).Create(await caller.GetAsync(), ApiExtensions.Required(body.Name, "name"));
            return Results.Created($"/api/v1/brands/{brand.Id}", brand);
        }).Produces<BrandView>(StatusCodes.Status201Created);
        brands.MapGet("/{brandId}", async (string brandId, CallerAccessor caller, IGrainFactory grains) =>
        {
            Visibility.EnsureCanSeeBrand(await caller.GetAsync(), brandId);
            return await grains.GetGrain<IBrandGrain>(brandId).Get() ?? throw Refuse.NotFound("brand", brandId);
        });
        brands.MapPatch("/{brandId}/settings", async (string brandId, BrandSettings body, CallerAccessor caller, IGrainFactory grains) =>
            await grains.GetGrain<IBrandGrain>(brandId).UpdateSettings(await caller.GetAsync(), body));
        brands.MapPost("/{brandId}/teams", async (string brandId, NewTeam body, CallerAccessor caller, IGrainFactory grains) =>
        {
            var team = await grains.GetGrain<IBrandGrain>(brandId).AddTeam(await caller.GetAsync(), ApiExtensions.Required(body.Name, "name"));
            return Results.Created($"/api/v1/brands/{brandId}", team);
        }).Produces<TeamView>(StatusCodes.Status201Created);
        brands.MapPost("/{brandId}/api-keys", async (string brandId, NewApiKey body, CallerAccessor caller, IGrainFactory grains) =>
        {
            var key = await grains.GetGrain<IBrandGrain>(brandId).CreateApiKey(await caller.GetAsync(), ApiExtensions.Required(body.Name, "name"),
                body.Role ?? Role.Supervisor, body.AllowUrgent ?? false, body.ExpiresAt);
            return Results.Created($"/api/v1/brands/{brandId}/api-keys", key);
        }).Produces<CreatedApiKey>(StatusCodes.Status201Created);
        brands.MapGet("/{brandId}/api-keys", async (string brandId, CallerAccessor caller, DirectoryQueries directory) =>
            await directory.ApiKeysAsync(await caller.GetAsync(), brandId)).WithSummary("The brand's keys, revoked and expired ones too, never their secrets (admins).");
        brands.MapDelete("/{brandId}/api-keys/{keyId}", async (string brandId, string keyId, CallerAccessor caller, IGrainFactory grains) =>
        {
            await grains.GetGrain<IBrandGrain>(brandId).RevokeApiKey(await caller.GetAsync(), keyId);
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent).WithSummary("Revoke a key: it gets 401 at once, on every node.");
        return api;
    }

    public sealed record NewBrand(string? Name);

    public sealed record NewTeam(string? Name);

    /// <summary><see cref="AllowUrgent"/>: the key may send alerts urgent, through quiet hours (false when left out).</summary>
    /// <summary><see cref="ExpiresAt"/>: when the key stops working by itself (never when left out).</summary>
    public sealed record NewApiKey(string? Name, Role? Role, bool? AllowUrgent = null, DateTimeOffset? ExpiresAt = null);
}
