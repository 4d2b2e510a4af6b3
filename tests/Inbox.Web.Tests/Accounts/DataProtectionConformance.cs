using System.Net;
using System.Net.Http.Json;
using Inbox.Storage.Tests;
using Inbox.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Inbox.Web.Tests.Accounts;

/// <summary>The keys that sign sessions live in the database, encrypted with the configured certificate: a restart keeps sessions.</summary>
public abstract class DataProtectionConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task ASessionOutlivesARestartBecauseItsKeyIsInTheDatabaseEncrypted()
    {
        var cookies = new CookieContainer();
        Dictionary<string, string?> settings;
        {
            await using var first = new InboxApp(Store);
            settings = new(first.Settings);
            var email = $"dana-{Guid.NewGuid():N}@contoso.test";
            await first.Client(InboxApp.OwnerKey).PostOkAsync("/api/v1/agents", new { name = "Dana", email, password = "a long secret" });
            Assert.Equal(HttpStatusCode.NoContent, (await first.Client(cookies: cookies).PostAsJsonAsync("/account/login", new { email, password = "a long secret" })).StatusCode);

            var keys = await KeysAsync(first);
            var key = Assert.Single(keys);
            Assert.Contains("encryptedSecret", key);
            Assert.DoesNotContain("<value>", key); // the master key itself is not stored in the clear
        }

        await using var second = new InboxApp(Store, settings);
        Assert.Equal(HttpStatusCode.OK, (await second.Client(cookies: cookies).GetAsync("/api/v1/me")).StatusCode);
    }

    [StoreFact]
    public async Task WithoutItsKeyInTheDatabaseTheSessionEnds()
    {
        var cookies = new CookieContainer();
        Dictionary<string, string?> settings;
        {
            await using var first = new InboxApp(Store);
            settings = new(first.Settings);
            var email = $"eli-{Guid.NewGuid():N}@contoso.test";
            await first.Client(InboxApp.OwnerKey).PostOkAsync("/api/v1/agents", new { name = "Eli", email, password = "a long secret" });
            Assert.Equal(HttpStatusCode.NoContent, (await first.Client(cookies: cookies).PostAsJsonAsync("/account/login", new { email, password = "a long secret" })).StatusCode);
            await first.Services.GetRequiredService<Inbox.Storage.StateStore>().CommitAsync([new Inbox.Storage.SqlWrite("DELETE FROM data_protection_keys")]);
        }

        // A node that did not read the ring from the database would still accept the cookie (from a file of its own).
        await using var second = new InboxApp(Store, settings);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Client(cookies: cookies).GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public void OutsideDevelopmentTheAppRefusesToStartWithoutACertificate()
    {
        var refused = Assert.ThrowsAny<Exception>(() => new InboxApp(Store, new Dictionary<string, string?> { ["Inbox:DataProtection:CertificatePath"] = null }));
        Assert.Contains("Inbox:DataProtection:CertificatePath", Flatten(refused));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);

    private static Task<List<string>> KeysAsync(InboxApp app) =>
        app.Services.GetRequiredService<Rows>().QueryAsync("SELECT xml FROM data_protection_keys", [], r => r.GetString(0));
}

public sealed class SqliteDataProtection : DataProtectionConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresDataProtection : DataProtectionConformance
{
    protected override string Store => Stores.Postgres;
}
