using Inbox.Connectors.Fakes;
using Inbox.Connectors.Fakes.Messenger;
using Inbox.Silo.Accounts;
using Inbox.Web.Accounts;
using Inbox.Web.Senders;
using Inbox.Web.Webhooks;

namespace Inbox.Web.Demo;

/// <summary>
/// Messenger in the demo: a fake Send API under /demo/fakes/messenger, a Meta app of its own (its secret signs the
/// fake's webhooks to /webhooks/messenger, its app id marks the echoes of Inbox's own sends) and a Page account whose
/// <c>apiBase</c> points at the fake, for Fabrikam's Page. The token and the secret are public, like the demo's passwords.
/// </summary>
public sealed class MessengerDemoChannel(TimeProvider time) : IDemoChannel, IDisposable
{
    public const string AppAccountId = "acc_demo_meta_messenger_app";
    public const string AccountId = "acc_demo_messenger";
    public const string AppSecret = "inbox-demo-messenger-app-secret";
    public const string AppId = "263902037430901";
    public const string PageToken = "EAAGdemo-inbox-page-token";

    private static readonly string PageId = DemoPlan.Numbers.Single(n => n.Channel == Silo.Channels.Channel.Messenger).Address;

    private readonly MessengerFake _fake = new(new MessengerFakeOptions
    {
        Pages = new Dictionary<string, string>(StringComparer.Ordinal) { [PageId] = PageToken },
        AppId = AppId,
        AppSecret = AppSecret,
    }, time);

    public IChannelFake Fake => _fake;

    public string Path => "messenger";

    public string NumbersAccount => AccountId;

    public IReadOnlyList<DemoAccount> Accounts(Uri fake) =>
    [
        new(AppAccountId, ProviderAccountKind.MetaApp, "Demo Meta app for Messenger (in-process fake)", new Dictionary<string, string>
        {
            ["appId"] = AppId, ["appSecret"] = AppSecret, ["verifyToken"] = "inbox-demo-messenger-verify-token",
        }),
        new(AccountId, ProviderAccountKind.MessengerPage, "Demo Messenger Page (in-process fake)", new Dictionary<string, string>
        {
            [MessengerPageSender.PageIdField] = PageId, [MessengerPageSender.PageTokenField] = PageToken,
            [MetaOwners.MetaAppField] = AppAccountId, [AccountApiBase.Field] = fake.ToString(),
        }),
    ];

    public void Map(IEndpointRouteBuilder routes, string prefix) =>
        routes.MapGroup("").AllowAnonymous().ExcludeFromDescription().MapMessengerFake(prefix, _fake);

    public Task<string?> ConnectAsync(Uri app, CancellationToken cancellationToken)
    {
        _fake.Options.Webhook = new Uri(app, "webhooks/messenger");
        return Task.FromResult<string?>(null);
    }

    public void Dispose() => _fake.Dispose();
}
