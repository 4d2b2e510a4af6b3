using System.Text.RegularExpressions;
using Inbox.Silo;
using Inbox.Silo.Accounts;
using Inbox.Web.Accounts;
using Inbox.Web.Api;
using Inbox.Web.Auth;
using Inbox.Web.Senders;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace Inbox.Web.Webhooks;

/// <summary>
/// /provider-accounts/{id}/telegram/webhook: points a Telegram bot account's bot at Inbox (setWebhook) or away from it
/// (deleteWebhook), through Telegram.Bot's client at the account's apiBase, else Inbox:Providers:Telegram:ApiBase. Whoever may change the account may
/// do this. The secret_token is the account's webhookSecretToken, the one /webhooks/telegram/{botId} compares, so the two
/// can never disagree; the allowed updates are the kinds Inbox reads, since Telegram sends no reactions unless asked.
/// </summary>
public static partial class TelegramWebhookRegistration
{
    /// <summary>The update kinds Inbox keeps (TelegramUpdates reads each of them); everything else stays at Telegram.</summary>
    public static readonly IReadOnlyList<UpdateType> AllowedUpdates =
    [
        UpdateType.Message, UpdateType.EditedMessage, UpdateType.ChannelPost, UpdateType.EditedChannelPost,
        UpdateType.CallbackQuery, UpdateType.MessageReaction, UpdateType.MyChatMember,
    ];

    public const string HttpClientName = "Telegram";

    public static RouteGroupBuilder MapTelegramWebhookRegistration(this RouteGroupBuilder accounts)
    {
        accounts.MapPost("/{accountId}/telegram/webhook", async (string accountId, WebhookUrlBody body, CallerAccessor caller, ProviderAccounts directory,
            ProviderCredentials credentials, IHttpClientFactory http, IOptions<ProviderOptions> options, CancellationToken cancellationToken) =>
        {
            var url = ApiExtensions.Required(body.Url, "url");
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
                throw Refuse.Invalid("bad_url", "url must be an absolute https URL (Telegram delivers to HTTPS only), such as https://inbox.example.com/webhooks/telegram/{botId}.", "url");
            var bot = await BotAsync(accountId, caller, directory, credentials);
            if (!bot.Credentials.TryGetValue("webhookSecretToken", out var secret) || !SecretPattern().IsMatch(secret))
                throw Refuse.Invalid("bad_credential", "The account's webhookSecretToken must be set, 1 to 256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule for secret_token).", "webhookSecretToken");
            return await CallAsync(bot, http, options, async client =>
            {
                await client.SetWebhook(url, allowedUpdates: AllowedUpdates, secretToken: secret, cancellationToken: cancellationToken);
                return Results.Ok(new TelegramWebhookView(url, AllowedUpdates.Select(u => Wire(u)).ToArray()));
            });
        }).Produces<TelegramWebhookView>()
            .WithSummary("Registers the bot's webhook with Telegram (setWebhook): the given url, the account's webhookSecretToken, the update kinds Inbox reads.");

        accounts.MapDelete("/{accountId}/telegram/webhook", async (string accountId, CallerAccessor caller, ProviderAccounts directory,
            ProviderCredentials credentials, IHttpClientFactory http, IOptions<ProviderOptions> options, CancellationToken cancellationToken) =>
        {
            var bot = await BotAsync(accountId, caller, directory, credentials);
            return await CallAsync(bot, http, options, async client =>
            {
                await client.DeleteWebhook(cancellationToken: cancellationToken);
                return Results.NoContent();
            });
        }).Produces(StatusCodes.Status204NoContent).WithSummary("Removes the bot's webhook at Telegram (deleteWebhook).");
        return accounts;
    }

    private sealed record Bot(string Token, IReadOnlyDictionary<string, string> Credentials);

    /// <summary>The account, if the caller may change it and it is a Telegram bot with a token.</summary>
    private static async Task<Bot> BotAsync(string accountId, CallerAccessor caller, ProviderAccounts directory, ProviderCredentials credentials)
    {
        var who = await caller.GetAsync();
        if (await directory.GetAsync(who, accountId) is not { } account) throw Refuse.NotFound("provider_account", accountId);
        if (!account.ManageableBy(who)) throw Refuse.Forbidden("Only the owner of the account (or of its brand) may register its webhook.");
        if (account.Kind != ProviderAccountKind.TelegramBot)
            throw Refuse.Invalid("not_a_telegram_bot", $"Account {accountId} is a {account.Kind} account; webhooks are registered for TelegramBot accounts.");
        var opened = await credentials.GetAsync(accountId);
        if (!opened.TryGetValue("botToken", out var token) || string.IsNullOrEmpty(token))
            throw Refuse.Invalid("bad_credential", "The account has no botToken: set it first.", "botToken");
        return new Bot(token, opened);
    }

    /// <summary>Calls Telegram; a refusal is a problem with Telegram's own description, never a 500.</summary>
    private static async Task<IResult> CallAsync(Bot bot, IHttpClientFactory http, IOptions<ProviderOptions> options, Func<TelegramBotClient, Task<IResult>> call)
    {
        var (apiBase, problem) = TelegramBotAccount.ApiBaseOf(bot.Credentials, options.Value.Telegram.ApiBase, "the account");
        if (apiBase is null) throw Refuse.Invalid("bad_credential", problem!, AccountApiBase.Field);
        TelegramBotClient client;
        try
        {
            client = new TelegramBotClient(new TelegramBotClientOptions(bot.Token, apiBase.ToString().TrimEnd('/')), http.CreateClient(HttpClientName));
        }
        catch (ArgumentException)
        {
            throw Refuse.Invalid("bad_credential", "The account's botToken is not a Telegram bot token (digits, a colon, then the secret part).", "botToken");
        }
        try
        {
            return await call(client);
        }
        catch (ApiRequestException refused)
        {
            // Telegram's description says what to fix ("bad webhook: HTTPS url must be provided for webhook").
            return ApiProblems.Problem(StatusCodes.Status502BadGateway, "telegram_refused", $"Telegram answered {refused.ErrorCode}: {refused.Message}");
        }
        catch (RequestException unreachable)
        {
            return ApiProblems.Problem(StatusCodes.Status502BadGateway, "telegram_unreachable", $"Telegram could not be reached: {unreachable.Message} {unreachable.InnerException?.Message}".TrimEnd());
        }
    }

    private static string Wire(UpdateType type) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString());

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretPattern();
}

public sealed record WebhookUrlBody(string? Url);

/// <summary>The webhook Telegram now delivers to, and the update kinds it sends there.</summary>
public sealed record TelegramWebhookView(string Url, IReadOnlyList<string> AllowedUpdates);
