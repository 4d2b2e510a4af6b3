using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Inbox.Web.Tests;

/// <summary>A self-signed certificate in a .pfx file, made once per test run, for encrypting data-protection keys in Production.</summary>
public static class TestCertificate
{
    public const string Password = "test-certificate";

    private static readonly Lazy<string> File = new(() =>
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Inbox tests", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Path.GetTempPath(), "inbox-tests", $"data-protection-{Guid.NewGuid():N}.pfx");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    });

    public static string PfxPath => File.Value;
}
