using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Inbox.Web.Accounts;

/// <summary>
/// Seals provider credentials with ASP.NET Core Data Protection (the key ring the sessions use, kept in
/// the database and encrypted with the configured certificate) before they go to a grain or a row, and
/// opens them where a connector needs them. Sealing here, in the web host, means no grain, log line or
/// stored state ever holds a secret in the clear.
/// </summary>
public sealed class CredentialVault(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Inbox.ProviderAccounts.Credentials.v1");

    public string Seal(IReadOnlyDictionary<string, string> credentials) =>
        _protector.Protect(JsonSerializer.Serialize(credentials));

    /// <summary>The credentials, or none when nothing is sealed; a ciphertext the key ring cannot open throws.</summary>
    public IReadOnlyDictionary<string, string> Open(string? sealedCredentials) =>
        string.IsNullOrEmpty(sealedCredentials)
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(sealedCredentials)) ?? [];
}
