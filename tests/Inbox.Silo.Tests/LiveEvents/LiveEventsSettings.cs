namespace Inbox.Silo.Tests.LiveEvents;

/// <summary>Renewal settings under which a live node's registration would lapse between renewals stop the silo at start.</summary>
public sealed class LiveEventsSettings
{
    [Fact]
    public async Task AnExpiryShorterThanTwoRenewalsRefusesToStartNamingTheSettings()
    {
        var configuration = Stores.Fresh(Stores.Sqlite);
        configuration.Settings["Inbox:LiveEvents:RenewEvery"] = "00:00:30";
        configuration.Settings["Inbox:LiveEvents:Expiry"] = "00:00:45";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Domain.StartAsync(Stores.Sqlite, configuration: configuration));

        Assert.Contains("Inbox:LiveEvents:Expiry (00:00:45) must be at least twice RenewEvery (00:00:30)", error.ToString(), StringComparison.Ordinal);
    }
}
