using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Inbox.Storage.Tests;

namespace Inbox.Web.Tests.Accounts;

/// <summary>
/// A new instance in Production, with no demo and no owner key: nothing opens until a first owner exists,
/// made either from Inbox:Owner (a one-time password) or through the setup link written to the log.
/// </summary>
public abstract partial class FirstRunConformance
{
    protected abstract string Store { get; }

    private static readonly Dictionary<string, string?> NoOwnerKey = new() { ["Inbox:OwnerApiKey"] = "" };

    [StoreFact]
    public async Task NothingOpensUntilTheSetupLinkFromTheLogMakesTheFirstOwner()
    {
        var settings = new Dictionary<string, string?>();
        {
            await using var app = new InboxApp(Store, NoOwnerKey);
            settings = new(app.Settings);
            var client = app.Client();
            var home = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
            Assert.Equal("/setup", home.Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/login")).StatusCode);
            await (await client.GetAsync("/api/v1/brands")).AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "setup_required");
            await (await client.PostAsJsonAsync("/account/login", new { email = "a@b.test", password = "0123456789" })).AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "setup_required");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

            var token = SetupToken(app);
            Assert.Equal("/setup?failed=token", (await SetupAsync(client, "not-the-token", "0123456789ab")).Headers.Location?.OriginalString);
            Assert.Contains("failed=short_password", (await SetupAsync(client, token, "short")).Headers.Location?.OriginalString);
            await (await client.GetAsync("/api/v1/brands")).AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "setup_required");

            var done = await SetupAsync(client, token, "the owner's own secret");
            Assert.Equal("/", done.Headers.Location?.OriginalString);
            var me = await client.GetFromJsonAsync<Me>("/api/v1/me");
            Assert.True(me!.IsOwner);
            Assert.False(me.MustChangePassword);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/brands")).StatusCode);

            // The token is spent: nobody becomes a second owner with it.
            var anonymous = app.Client();
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/")).StatusCode);
            Assert.Contains("setup-done", await anonymous.GetStringAsync("/setup"));
            var replay = await Forms.PostAsync(anonymous, "/login", "/account/setup",
                new() { ["token"] = token, ["name"] = "Mallory", ["email"] = "mallory@evil.test", ["password"] = "another long secret" });
            Assert.Equal("/login", replay.Headers.Location?.OriginalString);
        }

        // Restarted on the same store: no new link, and the owner signs in.
        await using var again = new InboxApp(Store, settings);
        Assert.DoesNotContain(again.Logs.Entries, e => e.Message.Contains("/setup?token="));
        Assert.Equal(HttpStatusCode.OK, (await again.Client().GetAsync("/")).StatusCode);
        var signIn = await again.Client().PostAsJsonAsync("/account/login", new { email = "first@owner.test", password = "the owner's own secret" });
        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
    }

    [StoreFact]
    public async Task TheOwnerFromConfigurationMustChooseTheirOwnPasswordAtTheFirstSignIn()
    {
        var settings = new Dictionary<string, string?>(NoOwnerKey)
        {
            ["Inbox:Owner:Email"] = "ops@contoso.test", ["Inbox:Owner:Password"] = "one-time-from-config", ["Inbox:Owner:Name"] = "Ops",
        };
        {
            await using var app = new InboxApp(Store, settings);
            settings = new(app.Settings);
            Assert.DoesNotContain(app.Logs.Entries, e => e.Message.Contains("/setup?token="));
            var client = app.Client();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);

            var signIn = await Forms.SignInAsync(client, "ops@contoso.test", "one-time-from-config");
            Assert.Equal("/password?required=1", signIn.Headers.Location?.OriginalString);
            Assert.True((await client.GetFromJsonAsync<Me>("/api/v1/me"))!.MustChangePassword);
            await (await client.GetAsync("/api/v1/brands")).AssertProblemAsync(HttpStatusCode.Forbidden, "password_change_required");
            Assert.Equal("/password?required=1", (await client.GetAsync("/")).Headers.Location?.OriginalString);

            Assert.Equal("/password?failed=mismatch", (await ChangePasswordAsync(client, "one-time-from-config", "my own secret", "my own secreT")).Headers.Location?.OriginalString);
            Assert.Equal("/password?failed=same_password", (await ChangePasswordAsync(client, "one-time-from-config", "one-time-from-config", "one-time-from-config")).Headers.Location?.OriginalString);
            Assert.Equal("/", (await ChangePasswordAsync(client, "one-time-from-config", "my own secret", "my own secret")).Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/brands")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        }

        // Restarted with the same configuration: the one-time password is spent, not made again.
        await using var again = new InboxApp(Store, settings);
        await (await again.Client().PostAsJsonAsync("/account/login", new { email = "ops@contoso.test", password = "one-time-from-config" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");
        Assert.Equal(HttpStatusCode.NoContent, (await again.Client().PostAsJsonAsync("/account/login", new { email = "ops@contoso.test", password = "my own secret" })).StatusCode);
    }

    private static string SetupToken(InboxApp app)
    {
        var line = app.Logs.Entries.Select(e => e.Message).Single(m => m.Contains("/setup?token="));
        return TokenInLink().Match(line).Groups[1].Value;
    }

    private static async Task<HttpResponseMessage> SetupAsync(HttpClient client, string token, string password) =>
        await Forms.PostAsync(client, "/setup", "/account/setup", new() { ["token"] = token, ["name"] = "First Owner", ["email"] = "first@owner.test", ["password"] = password });

    private static async Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current, string next, string again) =>
        await Forms.PostAsync(client, "/password", "/account/password", new() { ["currentPassword"] = current, ["newPassword"] = next, ["newPasswordAgain"] = again });

    private sealed record Me(bool IsOwner, bool MustChangePassword);

    [GeneratedRegex(@"/setup\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex TokenInLink();
}

public sealed class SqliteFirstRun : FirstRunConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresFirstRun : FirstRunConformance
{
    protected override string Store => Stores.Postgres;
}
