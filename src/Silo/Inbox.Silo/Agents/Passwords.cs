using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Inbox.Silo.Agents;

public enum PasswordCheck
{
    Failed,
    Success,

    /// <summary>Right, but stored with outdated parameters (or the previous release's format): store a fresh hash.</summary>
    SuccessRehashNeeded,
}

/// <summary>
/// Passwords in ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> format. Hashes of the
/// previous release ("pbkdf2-sha256$…") still verify and ask for a rehash, so they upgrade on the next sign-in.
/// </summary>
public static class Passwords
{
    public const int MinimumLength = 10;

    private const string User = "agent";
    private const string Legacy = "pbkdf2-sha256$";

    // The hasher keeps no state between calls; one instance serves everyone.
    private static readonly PasswordHasher<string> Hasher = new();

    // Checking an unknown email against this costs what a wrong password costs, so timing does not tell which emails exist.
    private static readonly string Dummy = Hasher.HashPassword(User, "no agent has this password");

    public static string Hash(string password) => Hasher.HashPassword(User, password);

    public static PasswordCheck Verify(string password, string stored)
    {
        if (stored.StartsWith(Legacy, StringComparison.Ordinal)) return VerifyLegacy(password, stored) ? PasswordCheck.SuccessRehashNeeded : PasswordCheck.Failed;
        try
        {
            return Hasher.VerifyHashedPassword(User, stored, password) switch
            {
                PasswordVerificationResult.Success => PasswordCheck.Success,
                PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.SuccessRehashNeeded,
                _ => PasswordCheck.Failed,
            };
        }
        catch (FormatException)
        {
            return PasswordCheck.Failed;
        }
    }

    /// <summary>Spends the time of one verification and fails: for an email no agent has.</summary>
    public static void VerifyNobody(string password) => Hasher.VerifyHashedPassword(User, Dummy, password);

    /// <summary>The rule every new password meets; <paramref name="field"/> names it in the refusal.</summary>
    public static string EnsureAcceptable(string? password, string field)
    {
        if (string.IsNullOrEmpty(password)) throw Refuse.Invalid("missing_" + field, $"The field '{field}' is required.", field);
        if (password.Length < MinimumLength)
            throw Refuse.Invalid("short_password", $"A password has at least {MinimumLength} characters.", field);
        if (password.Length > 1000) throw Refuse.Invalid("long_password", "A password has at most 1000 characters.", field);
        return password;
    }

    private static bool VerifyLegacy(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)) return false;
        try
        {
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The previous release's format, for tests that prove such hashes still verify.</summary>
    public static string HashLegacy(string password, int iterations = 100_000)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, 32);
        return $"{Legacy}{iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }
}
