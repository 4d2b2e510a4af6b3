using Inbox.Storage.Tests;

namespace Inbox.Silo.Tests.Hosting;

/// <summary>
/// The domain's schema steps run once each, in number order, after the storage project's, and are recorded under
/// "Inbox.Silo/NNNN_name". A new step goes at the end of this list; a step renamed or removed would be run again
/// (or never) on databases that have the old one.
/// </summary>
public abstract class DomainSchemaConformance
{
    private static readonly string[] Steps =
    [
        "0001_domain", "0002_compliance", "0003_consent_numbers", "0004_unrouted_reasons", "0005_provider_time", "0006_urgent_api_keys",
        "0008_consent_received_at", "0010_activity_reads", "0011_group_chats", "0012_accounts", "0020_provider_accounts", "0021_unread_index",
        "0022_data_protection_keys", "0024_provider_credentials", "0032_message_context", "0033_media", "0034_waiting",
    ];

    protected abstract string Store { get; }

    [StoreFact]
    public async Task AFreshDatabaseRecordsEveryDomainStepOnceAndARestartRunsNoneAgain()
    {
        var domain = await Domain.StartAsync(Store);
        await using var restarted = await domain.RestartAsync();

        var recorded = await restarted.Cluster.Service<Database>().StringsAsync("SELECT id FROM schema_migrations WHERE id LIKE 'Inbox.Silo/%' ORDER BY id");
        Assert.Equal(Steps.Select(s => "Inbox.Silo/" + s), recorded);
        // The last step's table is there and empty, and the messages table has its new columns.
        Assert.Equal(0, await restarted.Cluster.Service<Database>().CountAsync("SELECT COUNT(*) FROM message_reactions"));
        Assert.Equal(0, await restarted.Cluster.Service<Database>().CountAsync("SELECT COUNT(*) FROM messages WHERE extras IS NOT NULL OR reply_to_provider_id IS NOT NULL"));
    }
}

public sealed class SqliteDomainSchema : DomainSchemaConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresDomainSchema : DomainSchemaConformance
{
    protected override string Store => Stores.Postgres;
}
