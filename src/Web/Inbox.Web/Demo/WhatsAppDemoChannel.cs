using Inbox.Connectors.Fakes;
using Inbox.Connectors.Fakes.WhatsApp;
using Inbox.Silo.Accounts;
using Inbox.Web.Accounts;
using Inbox.Web.Senders;
using Inbox.Web.Webhooks;

namespace Inbox.Web.Demo;

/// <summary>
/// WhatsApp in the demo: a fake Cloud API under /demo/fakes/graph, a Meta app whose secret signs its webhooks to
/// /webhooks/whatsapp, and one business account (its <c>apiBase</c> pointing at the fake) for Contoso's support number.
/// The token and the secret are public, like the demo's passwords.
/// </summary>
public sealed class WhatsAppDemoChannel(TimeProvider time) : IDemoChannel, IDisposable
{
    public const string AppAccountId = "acc_demo_meta_app";
    public const string AccountId = "acc_demo_whatsapp";
    public const string AppSecret = "inbox-demo-meta-app-secret";
    public const string VerifyToken = "inbox-demo-verify-token";
    public const string BusinessAccountId = "100000000000900";
    public const string AccessToken = "EAAGdemo-inbox-system-user-token";

    private readonly WhatsAppFake _fake = new(new WhatsAppFakeOptions
    {
        AppSecret = AppSecret,
        Numbers = [.. DemoPlan.Numbers.Where(n => n.Channel == Silo.Channels.Channel.WhatsApp)
            .Select(n => new WhatsAppFakeNumber(n.Address, n.Display ?? n.Address, BusinessAccountId, AccessToken))],
        StatusDelay = TimeSpan.FromSeconds(1),
    }, time);

    public IChannelFake Fake => _fake;

    public string Path => "graph";

    public string NumbersAccount => AccountId;

    public IReadOnlyList<DemoAccount> Accounts(Uri fake) =>
    [
        new(AppAccountId, ProviderAccountKind.MetaApp, "Demo Meta app (in-process fake)", new Dictionary<string, string>
        {
            ["appSecret"] = AppSecret, ["verifyToken"] = VerifyToken,
        }),
        new(AccountId, ProviderAccountKind.WhatsAppBusinessAccount, "Demo WhatsApp business account (in-process fake)", new Dictionary<string, string>
        {
            [WhatsAppCredentials.AccessTokenField] = AccessToken, [WhatsAppCredentials.BusinessAccountIdField] = BusinessAccountId,
            [MetaOwners.MetaAppField] = AppAccountId, [AccountApiBase.Field] = fake.ToString(),
        }),
    ];

    /// <summary>In a group of no prefix of its own, so the fake builds its media download URLs with the whole path.</summary>
    public void Map(IEndpointRouteBuilder routes, string prefix) =>
        routes.MapGroup("").AllowAnonymous().ExcludeFromDescription().MapWhatsAppFake(prefix, _fake);

    public Task<string?> ConnectAsync(Uri app, CancellationToken cancellationToken)
    {
        _fake.WebhookUrl = new Uri(app, "webhooks/whatsapp");
        return Task.FromResult<string?>(null);
    }

    public void Dispose() => _fake.Dispose();
}
