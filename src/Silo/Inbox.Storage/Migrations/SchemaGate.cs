namespace Inbox.Storage;

/// <summary>
/// The schema migrated once per silo, whoever asks first: the silo's start at
/// <see cref="ServiceLifecycleStage.RuntimeInitialize"/>, or anything that reads our tables
/// before that (the membership table). Both await the same run, so no reader depends on stage
/// numbers staying where they are, and nothing can deadlock waiting for a later stage.
/// </summary>
internal sealed class SchemaGate(Migrator migrator)
{
    private readonly Lazy<Task> _migrated = new(() => migrator.MigrateAsync(CancellationToken.None));

    public bool IsReady => _migrated.IsValueCreated && _migrated.Value.IsCompletedSuccessfully;

    // The run is shared, so no one caller's token may cancel it; a caller stops waiting instead.
    public Task ReadyAsync(CancellationToken cancellationToken) => _migrated.Value.WaitAsync(cancellationToken);
}
