namespace Inbox.Storage;

/// <summary>
/// A domain row's <see cref="SqlWrite.ExpectedRows"/> check failed (a row another writer took first,
/// a row that was not there) and the write gave no error of its own. Its unit of work was undone.
/// </summary>
[GenerateSerializer, Alias("Inbox.Storage.UnexpectedRowsException")]
public sealed class UnexpectedRowsException : Exception
{
    public UnexpectedRowsException()
    {
    }

    public UnexpectedRowsException(string message) : base(message)
    {
    }

    public UnexpectedRowsException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
