namespace Inbox.Actors;

/// <summary>
/// The silo is stopping and will not activate the grain a call is for (as Orleans' exception of the
/// same name). Work that must not be lost is durable (a unit of work, a durable job), so the next
/// silo picks it up; an activation started this late would outlive the silo's storage.
/// </summary>
public sealed class SiloUnavailableException(string message) : Exception(message);
