namespace Inbox.Storage;

/// <summary>A due job as its grain sees it. <see cref="Attempt"/> counts from 1; above 1 it is a retry.</summary>
[GenerateSerializer, Immutable, Alias("Inbox.Storage.DurableJob")]
public sealed record DurableJob([property: Id(0)] string Name, [property: Id(1)] DateTimeOffset DueAt, [property: Id(2)] string? Payload, [property: Id(3)] int Attempt);
