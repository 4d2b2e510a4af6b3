namespace Inbox.Storage.Tests;

/// <summary>
/// What a test needs from the machine. A developer without PostgreSQL or Chromium sees such tests
/// skipped; in CI (CI=true) they are never skipped: they run and fail loudly if the part is missing.
/// </summary>
public static class Requirements
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("INBOX_TEST_PG") is { Length: > 0 } value ? value : null;

    public const string NoPostgres = "PostgreSQL is not configured (set INBOX_TEST_PG, or run .ci/run)";

    public static string PostgresOrFail => PostgresConnectionString
        ?? throw new InvalidOperationException("INBOX_TEST_PG is not set; .ci/run starts a PostgreSQL and sets it.");
}
