using System.Text;
using Inbox.Connectors.Fakes;
using Inbox.Connectors.Fakes.Sms;
using Inbox.Silo.Accounts;
using Inbox.Web.Senders;
using Inbox.Web.Webhooks;

namespace Inbox.Web.Demo;

/// <summary>
/// SMS in the demo: a fake ACS resource under /demo/fakes/acs, one instance account on it for every demo SMS number,
/// and an Event Grid subscription to /webhooks/sms carrying the account's secret. The key and the secret are public,
/// like the demo's passwords; they are sealed like any credentials all the same.
/// </summary>
public sealed class AcsDemoChannel(IHttpClientFactory http, TimeProvider time) : IDemoChannel, IDisposable
{
    public const string AccountId = "acc_demo_acs";
    public static readonly string AccessKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("inbox-demo-acs-access-key-is-public"));
    public const string EventGridSecret = "inbox-demo-event-grid-secret";

    private readonly AcsSmsFake _fake = new(new AcsSmsFakeOptions { AccessKeys = [AccessKey], ResourceName = "inbox-demo" }, time);

    public IChannelFake Fake => _fake;

    /// <summary>The fake itself, for what only ACS has (what it accepted, failures on demand).</summary>
    public AcsSmsFake Acs => _fake;

    public string Path => "acs";

    public string NumbersAccount => AccountId;

    public IReadOnlyList<DemoAccount> Accounts(Uri fake) =>
    [
        new(AccountId, ProviderAccountKind.AcsResource, "Demo ACS (in-process fake)", new Dictionary<string, string>
        {
            [AcsResourceSender.EndpointField] = fake.ToString(), [AcsResourceSender.AccessKeyField] = AccessKey, ["eventGridSecret"] = EventGridSecret,
        }),
    ];

    public void Map(IEndpointRouteBuilder routes, string prefix) => routes.MapAcsSmsFake(prefix, _fake).AllowAnonymous().ExcludeFromDescription();

    public Task<string?> ConnectAsync(Uri app, CancellationToken cancellationToken) =>
        _fake.SubscribeAsync(new Uri(app, $"webhooks/sms?{SmsWebhooks.SecretParameter}={EventGridSecret}"), http.CreateClient(DemoExtensions.HttpClientName), cancellationToken);

    public void Dispose() => _fake.Dispose();
}
