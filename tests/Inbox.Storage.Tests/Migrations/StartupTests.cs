namespace Inbox.Storage.Tests.Migrations;

/// <summary>Settings the store cannot work with stop the silo at start, naming the setting.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task PostgresWithoutAConnectionStringRefusesToStart()
    {
        var config = Stores.Fresh(Stores.Sqlite);
        config.Settings["Inbox:Storage:Provider"] = Stores.Postgres;
        config.Settings["ConnectionStrings:Inbox"] = "";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Silos.StartAsync(config));

        Assert.Contains("ConnectionStrings:Inbox", error.ToString(), StringComparison.Ordinal);
    }
}
