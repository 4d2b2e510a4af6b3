namespace Inbox.Silo;

/// <summary>
/// A command refused by a domain rule. <see cref="Code"/> is stable for clients; the message is
/// written for the person who sees it; <see cref="Field"/> names the request field at fault, when
/// one is. The API maps the kind to a status (docs/domain.md, "HTTP status rule").
/// It crosses grain calls as itself (Orleans' generated serializer), so a caller catches the refusal the grain threw.
/// </summary>
[GenerateSerializer, Alias("Inbox.Silo.DomainException")]
public sealed class DomainException(string code, string message, DomainErrorKind kind = DomainErrorKind.Invalid, string? field = null) : Exception(message)
{
    [Id(0)]
    public string Code { get; } = code;

    [Id(1)]
    public DomainErrorKind Kind { get; } = kind;

    [Id(2)]
    public string? Field { get; } = field;

    /// <summary>The same refusal, blamed on a field of the caller's request.</summary>
    public DomainException For(string field) => new(Code, Message, Kind, field);
}

public enum DomainErrorKind
{
    /// <summary>Malformed input (400).</summary>
    Invalid,

    /// <summary>No such thing, or one the caller may not see (404).</summary>
    NotFound,

    /// <summary>A conflict with current state: taken, exists already (409).</summary>
    Conflict,

    /// <summary>The caller sees the thing but lacks the right (403).</summary>
    Forbidden,

    /// <summary>Well formed, but a rule refuses it: opted out, no consent, wrong purpose, window closed (422).</summary>
    Refused,
}

public static class Refuse
{
    public static DomainException NotFound(string what, string id) => new($"{what}_not_found", $"There is no {what.Replace('_', ' ')} '{id}'.", DomainErrorKind.NotFound);

    public static DomainException Forbidden(string message) => new("forbidden", message, DomainErrorKind.Forbidden);

    public static DomainException Conflict(string code, string message) => new(code, message, DomainErrorKind.Conflict);

    public static DomainException Invalid(string code, string message, string? field = null) => new(code, message, DomainErrorKind.Invalid, field);

    public static DomainException Rule(string code, string message) => new(code, message, DomainErrorKind.Refused);

    /// <summary>"a" or "an" before a word, as it is said ("an alerts number", "a support number").</summary>
    public static string Article(string word) => word.Length > 0 && "aeiouAEIOU".Contains(word[0]) ? "an " + word : "a " + word;
}
