using System.Globalization;
using Inbox.Connectors.Fakes;
using Inbox.Connectors.Fakes.Telegram;
using Inbox.Silo.Accounts;
using Inbox.Web.Accounts;
using Inbox.Web.Senders;
using Inbox.Web.Webhooks;
using Telegram.Bot;

namespace Inbox.Web.Demo;

/// <summary>
/// Telegram in the demo: a fake Bot API serving Fabrikam's bot on a loopback port of its own (Telegram.Bot calls a Bot
/// API server at a host's root, so it cannot live under /demo/fakes), and a bot account whose <c>apiBase</c> points at it. The bot's webhook is registered as a real one is, with setWebhook through Telegram.Bot,
/// at a public https name (Telegram delivers to https on 443 only); the fake's network sends that name to this
/// process, as a proxy in front of a real instance would. The token and the secret are public, like the demo's passwords.
/// </summary>
public sealed class TelegramDemoChannel : IDemoChannel, IAsyncDisposable, IDisposable
{
    public const string AccountId = "acc_demo_telegram";
    public const string WebhookSecret = "inbox-demo-telegram-webhook-secret";

    /// <summary>The name the bot's webhook is registered at; the fake's network routes it to this process.</summary>
    public const string PublicHost = "inbox-demo.example";

    private static readonly string BotId = DemoPlan.Numbers.Single(n => n.Channel == Silo.Channels.Channel.Telegram).Address;

    /// <summary>The bot's token: its id, a colon, the secret part.</summary>
    public static readonly string BotToken = $"{BotId}:AAinbox-demo-telegram-bot-token-is-public";

    private readonly IHttpClientFactory _http;
    private readonly TelegramFake _fake;
    private readonly SemaphoreSlim _starting = new(1, 1);
    private TelegramFakeServer? _server;
    private volatile Uri? _app;

    public TelegramDemoChannel(IHttpClientFactory http, TimeProvider time)
    {
        _http = http;
        _fake = new TelegramFake(new TelegramFakeOptions
        {
            Bots = [new TelegramFakeBot(BotToken, "Fabrikam Bikes", "fabrikam_bikes_bot")],
            Network = Route,
        }, time);
        foreach (var customer in DemoPlan.Conversations.Where(c => c.Channel == Silo.Channels.Channel.Telegram).DistinctBy(c => c.From))
            _fake.AddCustomer(new TelegramFakeCustomer(long.Parse(customer.From, CultureInfo.InvariantCulture), customer.Name), BotId, started: true);
    }

    public IChannelFake Fake => _fake;

    /// <summary>The fake itself, for what only Telegram has (buttons, blocking, files).</summary>
    public TelegramFake Telegram => _fake;

    public string Path => "telegram";

    public string NumbersAccount => AccountId;

    /// <summary>Where the bot's webhook is registered: Inbox's /webhooks/telegram/{botId} under the public name.</summary>
    public static Uri PublicWebhook => new($"https://{PublicHost}/webhooks/telegram/{BotId}");

    public IReadOnlyList<DemoAccount> Accounts(Uri fake) =>
    [
        new(AccountId, ProviderAccountKind.TelegramBot, "Demo Telegram bot (in-process fake)", new Dictionary<string, string>
        {
            [TelegramBotAccount.TokenField] = BotToken, ["webhookSecretToken"] = WebhookSecret, [AccountApiBase.Field] = fake.ToString(),
        }),
    ];

    /// <summary>Nothing under the app: the fake has a server of its own (<see cref="ApiAsync"/>).</summary>
    public void Map(IEndpointRouteBuilder routes, string prefix)
    {
    }

    /// <summary>The fake's own server, started on the first call: http://127.0.0.1:{port}.</summary>
    public async Task<Uri> ApiAsync(Uri mapped, CancellationToken cancellationToken)
    {
        await _starting.WaitAsync(cancellationToken);
        try
        {
            _server ??= await TelegramFakeServer.StartAsync(_fake);
            return _server.BaseUrl;
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>setWebhook on the fake, over HTTP with Telegram.Bot, with the update kinds and the secret Inbox's own registration gives.</summary>
    public async Task<string?> ConnectAsync(Uri app, CancellationToken cancellationToken)
    {
        _app = app;
        var api = await ApiAsync(app, cancellationToken);
        var client = new TelegramBotClient(new TelegramBotClientOptions(BotToken, api.ToString().TrimEnd('/')), _http.CreateClient(DemoExtensions.HttpClientName));
        try
        {
            await client.SetWebhook(PublicWebhook.ToString(), allowedUpdates: TelegramWebhookRegistration.AllowedUpdates, secretToken: WebhookSecret,
                cancellationToken: cancellationToken);
            return null;
        }
        catch (Exception refused) when (refused is global::Telegram.Bot.Exceptions.RequestException or HttpRequestException)
        {
            return $"setWebhook failed: {refused.Message} {refused.InnerException?.Message}".TrimEnd();
        }
    }

    /// <summary>The public name to this process; any other URL (a media URL of someone else's) as it is.</summary>
    private Uri Route(Uri url) =>
        _app is { } app && string.Equals(url.Host, PublicHost, StringComparison.OrdinalIgnoreCase) ? new Uri(app, url.PathAndQuery.TrimStart('/')) : url;

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server) await server.DisposeAsync();
        else _fake.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
