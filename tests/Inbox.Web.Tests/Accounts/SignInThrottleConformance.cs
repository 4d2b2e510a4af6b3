using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Inbox.Actors.Tests;

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
    public async Task AnUnknownEmailTakesAboutAsLongAsAWrongPassword()
    {
        await using var app = new InboxApp(Store, new Dictionary<string, string?> { ["Inbox:SignIn:FreeFailuresPerAccount"] = "100" });
        var email = await AgentAsync(app);
        var client = app.Client();
        await client.PostAsJsonAsync("/account/login", new { email, password = "warm up the path" });
        await client.PostAsJsonAsync("/account/login", new { email = "nobody@contoso.test", password = "warm up the path" });

        var wrong = await MedianAsync(() => client.PostAsJsonAsync("/account/login", new { email, password = "wrong password" }));
        var unknown = await MedianAsync(() => client.PostAsJsonAsync("/account/login", new { email = $"nobody-{Guid.NewGuid():N}@contoso.test", password = "wrong password" }));

        Assert.True(unknown > wrong * 0.5, $"an unknown email took {unknown.TotalMilliseconds} ms, a wrong password {wrong.TotalMilliseconds} ms");
    }

    private static async Task<HttpResponseMessage> LoginFromAsync(InboxApp app, string email, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = JsonContent.Create(new { email, password = "wrong password" }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await app.Client().SendAsync(request);
    }

    private static async Task<TimeSpan> MedianAsync(Func<Task<HttpResponseMessage>> attempt)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.Unauthorized, (await attempt()).StatusCode);
            times.Add(watch.Elapsed);
        }
        return times.Order().ElementAt(times.Count / 2);
    }

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
