using Inbox.Silo.Storage;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Auth;

/// <summary>
/// Counts failed sign-ins (not attempts) per account and per client address in the database, so the
/// count holds on every node. It backs off rather than locks out: a lock-out would let anyone who
/// knows an agent's email keep them out.
/// </summary>
public sealed class SignInThrottle(Rows rows, StateStore store, IOptions<SignInOptions> options, TimeProvider time)
{
    /// <summary>How long the caller must wait before trying again, or null when they may try now.</summary>
    public async Task<TimeSpan?> WaitAsync(string email, string address)
    {
        var now = time.GetUtcNow();
        var counts = await rows.QueryAsync("SELECT key, failures, last_at FROM sign_in_failures WHERE key = $1 OR key = $2",
            [AccountKey(email), AddressKey(address)], r => (Key: r.GetString(0), Failures: r.GetInt64(1), LastAt: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))));
        TimeSpan? wait = null;
        foreach (var (key, failures, lastAt) in counts)
        {
            var free = key.StartsWith("account:", StringComparison.Ordinal) ? options.Value.FreeFailuresPerAccount : options.Value.FreeFailuresPerAddress;
            if (Backoff.RetryAfter(failures, lastAt, now, free, options.Value) is { } longer && (wait is null || longer > wait)) wait = longer;
        }
        return wait;
    }

    public async Task FailedAsync(string email, string address)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var forgotten = now - (long)options.Value.ForgetAfter.TotalMilliseconds;
        // Through the group committer, as every write is: one upsert per key, so failures counted on two nodes at once both count.
        await store.CommitAsync([.. new[] { AccountKey(email), AddressKey(address) }.Select(key => new SqlWrite(
            """
            INSERT INTO sign_in_failures (key, failures, last_at) VALUES ($1, 1, $2)
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN sign_in_failures.last_at < $3 THEN 1 ELSE sign_in_failures.failures + 1 END,
                last_at = excluded.last_at
            """,
            key, now, forgotten))]);
    }

    /// <summary>The right password clears the account's count; the address keeps its own, so one good account does not launder guesses at others.</summary>
    public Task SucceededAsync(string email) =>
        store.CommitAsync([new SqlWrite("DELETE FROM sign_in_failures WHERE key = $1", AccountKey(email))]);

    private static string AccountKey(string email) => "account:" + email.Trim().ToLowerInvariant();

    private static string AddressKey(string address) => "address:" + address;
}

/// <summary>The back-off itself: no wait for the first free failures, then a first delay doubled by each further failure, capped.</summary>
public static class Backoff
{
    public static TimeSpan Delay(long failures, int free, TimeSpan first, TimeSpan max)
    {
        if (failures < free) return TimeSpan.Zero;
        var doublings = Math.Min(failures - free, 30);
        var delay = first * Math.Pow(2, doublings);
        return delay > max ? max : delay;
    }

    public static TimeSpan? RetryAfter(long failures, DateTimeOffset lastAt, DateTimeOffset now, int free, SignInOptions options)
    {
        if (now - lastAt > options.ForgetAfter) return null;
        var until = lastAt + Delay(failures, free, options.FirstDelay, options.MaxDelay);
        return until > now ? until - now : null;
    }
}
