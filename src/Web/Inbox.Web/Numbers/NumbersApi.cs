using Inbox.Silo;
using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Numbers;
using Inbox.Silo.Queries;
using Inbox.Web.Api;
using Inbox.Web.Auth;

namespace Inbox.Web.Numbers;

public static class NumbersApi
{
    public static RouteGroupBuilder MapNumbers(this RouteGroupBuilder api)
    {
        api.MapGet("/brands/{brandId}/numbers", async (string brandId, CallerAccessor caller, DirectoryQueries directory) =>
            await directory.NumbersAsync(await caller.GetAsync(), brandId)).WithTags("Numbers");
        api.MapPost("/brands/{brandId}/numbers", async (string brandId, NewNumber body, CallerAccessor caller, IGrainFactory grains) =>
        {
            var channel = ApiExtensions.Required(body.Channel, "channel");
            var key = new NumberKey(channel, NumberRules.CanonicalAddress(channel, ApiExtensions.Required(body.Address, "address")));
            var number = await grains.GetGrain<INumberGrain>(key.ToString()).Register(await caller.GetAsync(), new NumberRegistration(
                brandId, ApiExtensions.Required(body.Purpose, "purpose"), ApiExtensions.Required(body.ProviderAccount, "providerAccount"),
                body.DisplayNumber, body.DefaultTeamId, body.RatePerSecond, body.Burst, body.AutoReply));
            return Results.Created($"/api/v1/numbers/{Uri.EscapeDataString(number.Key)}", number);
        }).Produces<NumberView>(StatusCodes.Status201Created).WithTags("Numbers");
        api.MapGet("/numbers/{key}", async (string key, CallerAccessor caller, IGrainFactory grains) =>
        {
            var number = await grains.GetGrain<INumberGrain>(FromPath(key)).Get();
            if (number is null || !Visibility.CanSeeBrand(await caller.GetAsync(), number.BrandId)) throw Refuse.NotFound("number", key);
            return number;
        }).WithTags("Numbers");
        return api;
    }

    /// <summary>A number key from a path: one that cannot be a number's key names no number (404).</summary>
    public static string FromPath(string key)
    {
        try
        {
            return NumberKey.Parse(key).ToString();
        }
        catch (DomainException)
        {
            throw Refuse.NotFound("number", key);
        }
    }

    /// <summary>Address: E.164 for SMS; the phone-number id (WhatsApp), page id (Messenger) or bot id (Telegram) otherwise.</summary>
    public sealed record NewNumber(
        Channel? Channel, string? Address, Purpose? Purpose, string? ProviderAccount, string? DisplayNumber = null,
        string? DefaultTeamId = null, double? RatePerSecond = null, int? Burst = null, string? AutoReply = null);
}
