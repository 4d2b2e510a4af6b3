namespace Inbox.Storage;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Bound from "Inbox:Storage"; the connection string is "ConnectionStrings:Inbox".</summary>
public sealed class StorageOptions
{
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Empty means the embedded default: a SQLite file data/inbox.db under the content root.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The most units of work one group commit takes; 1 turns group commit off.</summary>
    public int MaxBatch { get; set; } = 2048;
}
