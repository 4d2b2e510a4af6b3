using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Inbox.Silo.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Auth;

/// <summary>Bound from "Inbox:DataProtection".</summary>
public sealed class DataProtectionKeyOptions
{
    /// <summary>A PKCS#12 (.pfx) file whose certificate encrypts the keys at rest. Required outside Development.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }
}

public static class DataProtectionKeys
{
    /// <summary>
    /// The keys that sign cookies and antiforgery tokens live in the database, so sessions survive a restart
    /// and every node reads the same ring; outside Development they are encrypted with a configured certificate.
    /// </summary>
    public static IServiceCollection AddDataProtectionKeys(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection("Inbox:DataProtection").Get<DataProtectionKeyOptions>() ?? new();
        var builder = services.AddDataProtection().SetApplicationName("Inbox");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(provider.GetRequiredService<Rows>(), provider.GetRequiredService<StateStore>(), provider.GetRequiredService<TimeProvider>())));
        if (!string.IsNullOrEmpty(options.CertificatePath))
            builder.ProtectKeysWithCertificate(Load(options));
        else if (!environment.IsDevelopment())
            throw new InvalidOperationException(
                "Inbox:DataProtection:CertificatePath is required outside Development: the keys that sign sessions are kept in the database, encrypted with that certificate (docs/accounts.md says how to make one).");
        return services;
    }

    private static X509Certificate2 Load(DataProtectionKeyOptions options)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath!, options.CertificatePassword);
        }
        catch (Exception failed) when (failed is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Inbox:DataProtection:CertificatePath: cannot read the certificate '{options.CertificatePath}': {failed.Message}");
        }
    }
}

/// <summary>
/// The key ring as rows. <see cref="IXmlRepository"/> is synchronous, so these two calls wait on the database:
/// they are rare (the ring is read at start and refreshed about daily, and a key is made every 90 days) and
/// ASP.NET Core has no synchronization context to deadlock on.
/// </summary>
internal sealed class DatabaseXmlRepository(Rows rows, StateStore store, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        rows.QueryAsync("SELECT xml FROM data_protection_keys ORDER BY created_at, name", [], r => XElement.Parse(r.GetString(0)))
            .GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) =>
        store.CommitAsync([new SqlWrite("INSERT INTO data_protection_keys (name, xml, created_at) VALUES ($1, $2, $3)",
                friendlyName, element.ToString(SaveOptions.DisableFormatting), time.GetUtcNow().ToUnixTimeMilliseconds())])
            .GetAwaiter().GetResult();
}
