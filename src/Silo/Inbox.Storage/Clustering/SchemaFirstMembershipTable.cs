using Microsoft.Extensions.Logging;

namespace Inbox.Storage;

/// <summary>
/// Orleans' ADO.NET membership table, opened only once our migrations have run. Its first act
/// (<see cref="InitializeMembershipTableAsync"/>) reads every statement from <c>OrleansQuery</c> and fails
/// the silo if one is missing, and our migrations are what create that table. Orleans 10 opens it at
/// <see cref="ServiceLifecycleStage.RuntimeGrainServices"/>, well after our schema step at
/// <see cref="ServiceLifecycleStage.RuntimeInitialize"/>; awaiting the <see cref="SchemaGate"/> here
/// keeps that true if either ever moves.
/// </summary>
internal sealed class SchemaFirstMembershipTable(IMembershipTable inner, SchemaGate schema, ILogger<SchemaFirstMembershipTable> logger) : IMembershipTable
{
    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        if (!schema.IsReady) logger.MembershipWaitsForSchema();
        await schema.ReadyAsync(cancellationToken);
        await inner.InitializeMembershipTableAsync(tryInitTableVersion, cancellationToken);
    }

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken) =>
        inner.DeleteMembershipTableEntriesAsync(clusterId, cancellationToken);

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken) =>
        inner.CleanupDefunctSiloEntriesAsync(beforeDate, cancellationToken);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken) => inner.ReadRowAsync(key, cancellationToken);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken) =>
        inner.InsertRowAsync(entry, tableVersion, cancellationToken);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken) =>
        inner.UpdateRowAsync(entry, etag, tableVersion, cancellationToken);

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken) => inner.UpdateIAmAliveAsync(entry, cancellationToken);

    // Orleans 10.4 still declares the token-less forms abstract (obsolete); they take the same path.
    Task IMembershipTable.InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);
    Task IMembershipTable.DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);
    Task IMembershipTable.CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);
    Task<MembershipTableData> IMembershipTable.ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);
    Task<MembershipTableData> IMembershipTable.ReadAll() => ReadAllAsync(CancellationToken.None);
    Task<bool> IMembershipTable.InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);
    Task<bool> IMembershipTable.UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);
    Task IMembershipTable.UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);
}
