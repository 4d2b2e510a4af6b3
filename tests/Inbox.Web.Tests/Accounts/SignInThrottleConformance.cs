using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Accounts;

/// <summary>Failed sign-ins back off (429 with Retry-After) per account and per address, and never lock the right password out.</summary>
public abstract class SignInThrottleConformance
{
    protected abstract string Store { get; }

    private const string Password = "correct horse battery";

    [StoreFact]
    public async Task AfterTooManyFailuresTheAccountWaitsAndThenTheRightPasswordWorks()
    {
        await using var app = new InboxApp(Store, new Dictionary<string, string?>
        {
            ["Inbox:SignIn:FreeFailuresPerAccount"] = "3", ["Inbox:SignIn:FirstDelay"] = "00:00:01",
        });
        var email = await AgentAsync(app);
        var client = app.Client();
        for (var i = 0; i < 3; i++)
            await (await client.PostAsJsonAsync("/account/login", new { email, password = "wrong password" })).AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");

        var throttled = await client.PostAsJsonAsync("/account/login", new { email, password = Password });
        await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_throttled");
        var retryAfter = throttled.Headers.RetryAfter?.Delta ?? throw new InvalidOperationException("no Retry-After");
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        await Task.Delay(retryAfter + TimeSpan.FromMilliseconds(200));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/account/login", new { email, password = Password })).StatusCode);
        // The right password cleared the account's count: one more mistake is not throttled.
        await (await app.Client().PostAsJsonAsync("/account/login", new { email, password = "wrong password" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [StoreFact]
    public async Task FailuresFromOneAddressBackOffWhateverForwardedForItClaims()
    {
        await using var app = new InboxApp(Store, new Dictionary<string, string?>
        {
            ["Inbox:SignIn:FreeFailuresPerAddress"] = "3", ["Inbox:SignIn:FirstDelay"] = "00:00:30",
        });
        for (var i = 0; i < 3; i++)
            await (await LoginFromAsync(app, $"guess-{i}@contoso.test", $"203.0.113.{i}")).AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");

        var throttled = await LoginFromAsync(app, "guess-9@contoso.test", "198.51.100.7");

        await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_throttled");
        Assert.NotNull(throttled.Headers.RetryAfter);
    }

    [StoreFact]
    public async Task BehindATrustedProxyEachForwardedAddressCountsOnItsOwn()
    {
        await using var app = new InboxApp(Store, new Dictionary<string, string?>
        {
            ["Inbox:SignIn:FreeFailuresPerAddress"] = "3", ["Inbox:SignIn:FirstDelay"] = "00:00:30", ["Inbox:SignIn:TrustedProxies:0"] = "127.0.0.1",
        });
        for (var i = 0; i < 3; i++)
            await (await LoginFromAsync(app, $"guess-{i}@contoso.test", "203.0.113.1")).AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");

        await (await LoginFromAsync(app, "guess-9@contoso.test", "203.0.113.1")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_throttled");
        await (await LoginFromAsync(app, "guess-9@contoso.test", "198.51.100.7")).AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");
    }

    [StoreFact]
    public async Task AThrottledFormSignInReturnsToThePageSayingHowLongToWait()
    {
        await using var app = new InboxApp(Store, new Dictionary<string, string?>
        {
            ["Inbox:SignIn:FreeFailuresPerAccount"] = "1", ["Inbox:SignIn:FirstDelay"] = "00:00:30",
        });
        var email = await AgentAsync(app);
        var client = app.Client();
        await Forms.SignInAsync(client, email, "wrong password");

        var throttled = await Forms.SignInAsync(client, email, Password);

        Assert.StartsWith("/login?wait=", throttled.Headers.Location?.OriginalString);
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Contains("Too many failed sign-ins", await client.GetStringAsync(throttled.Headers.Location!.OriginalString));
    }

    [StoreFact]
    public async Task AnUnknownEmailTakesAboutAsLongAsAWrongPassword()
    {
        await using var app = new InboxApp(Store, new Dictionary<string, string?> { ["Inbox:SignIn:FreeFailuresPerAccount"] = "100" });
        var email = await AgentAsync(app);
        var client = app.Client();
        await client.PostAsJsonAsync("/account/login", new { email, password = "warm up the path" });
        await client.PostAsJsonAsync("/account/login", new { email = "nobody@contoso.test", password = "warm up the path" });

        // Alternated, so whatever else the machine is doing slows both alike; without the dummy hash an unknown email is over ten times faster.
        var wrong = new List<TimeSpan>();
        var unknown = new List<TimeSpan>();
        for (var i = 0; i < 7; i++)
        {
            wrong.Add(await TimeAsync(() => client.PostAsJsonAsync("/account/login", new { email, password = "wrong password" })));
            unknown.Add(await TimeAsync(() => client.PostAsJsonAsync("/account/login", new { email = $"nobody-{Guid.NewGuid():N}@contoso.test", password = "wrong password" })));
        }

        Assert.True(Median(unknown) > Median(wrong) * 0.4, $"an unknown email took {Median(unknown).TotalMilliseconds} ms, a wrong password {Median(wrong).TotalMilliseconds} ms");
    }

    private static async Task<HttpResponseMessage> LoginFromAsync(InboxApp app, string email, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = JsonContent.Create(new { email, password = "wrong password" }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await app.Client().SendAsync(request);
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task<HttpResponseMessage>> attempt)
    {
        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Unauthorized, (await attempt()).StatusCode);
        return watch.Elapsed;
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private static async Task<string> AgentAsync(InboxApp app)
    {
        var email = $"kim-{Guid.NewGuid():N}@contoso.test";
        await app.Client(InboxApp.OwnerKey).PostOkAsync("/api/v1/agents", new { name = "Kim", email, password = Password });
        return email;
    }
}

public sealed class SqliteSignInThrottle : SignInThrottleConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresSignInThrottle : SignInThrottleConformance
{
    protected override string Store => Stores.Postgres;
}
