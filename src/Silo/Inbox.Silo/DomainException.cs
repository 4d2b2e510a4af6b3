namespace Inbox.Silo;

/// <summary>
/// A command refused by a domain rule. <see cref="Code"/> is stable for clients; the message is
/// written for the person who sees it. The API maps it to problem details (400, 404, 409 or 403).
/// </summary>
public class DomainException(string code, string message, DomainErrorKind kind = DomainErrorKind.Invalid) : Exception(message)
{
    public string Code { get; } = code;

    public DomainErrorKind Kind { get; } = kind;
}

public enum DomainErrorKind
{
    Invalid,
    NotFound,
    Conflict,
    Forbidden,
}

public static class Refuse
{
    public static DomainException NotFound(string what, string id) => new($"{what}_not_found", $"There is no {what.Replace('_', ' ')} '{id}'.", DomainErrorKind.NotFound);

    public static DomainException Forbidden(string message) => new("forbidden", message, DomainErrorKind.Forbidden);

    public static DomainException Conflict(string code, string message) => new(code, message, DomainErrorKind.Conflict);

    public static DomainException Invalid(string code, string message) => new(code, message);
}
