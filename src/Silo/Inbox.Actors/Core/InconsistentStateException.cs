namespace Inbox.Actors;

/// <summary>
/// A version-checked write found a different version in storage: another activation (or a stale
/// one) wrote first. When it escapes a grain method the activation is deactivated so that the next
/// call reloads the state.
/// </summary>
public sealed class InconsistentStateException(string message) : Exception(message);
