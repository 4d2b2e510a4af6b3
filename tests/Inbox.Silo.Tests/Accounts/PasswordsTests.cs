using Inbox.Silo.Agents;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Inbox.Silo.Tests.Accounts;

/// <summary>Passwords are in ASP.NET Core Identity's format; older hashes verify and ask to be rehashed.</summary>
public sealed class PasswordsTests
{
    [Fact]
    public void ANewHashIsIdentitysCurrentFormatAndVerifies()
    {
        var hash = Passwords.Hash("correct horse battery");

        Assert.Equal(0x01, Convert.FromBase64String(hash)[0]); // Identity's version 3 marker
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<string>().VerifyHashedPassword("anyone", hash, "correct horse battery"));
        Assert.Equal(PasswordCheck.Success, Passwords.Verify("correct horse battery", hash));
        Assert.Equal(PasswordCheck.Failed, Passwords.Verify("wrong password", hash));
    }

    [Fact]
    public void APreviousReleasesHashVerifiesAndAsksForARehash()
    {
        var legacy = Passwords.HashLegacy("correct horse battery");

        Assert.Equal(PasswordCheck.SuccessRehashNeeded, Passwords.Verify("correct horse battery", legacy));
        Assert.Equal(PasswordCheck.Failed, Passwords.Verify("wrong password", legacy));
    }

    [Fact]
    public void AHashWithOutdatedParametersAsksForARehash()
    {
        var weaker = new PasswordHasher<string>(Options.Create(new PasswordHasherOptions { IterationCount = 1000 })).HashPassword("anyone", "correct horse battery");

        Assert.Equal(PasswordCheck.SuccessRehashNeeded, Passwords.Verify("correct horse battery", weaker));
    }

    [Fact]
    public void AGarbledHashFailsRatherThanThrows()
    {
        Assert.Equal(PasswordCheck.Failed, Passwords.Verify("x", "not base64 at all!"));
        Assert.Equal(PasswordCheck.Failed, Passwords.Verify("x", "pbkdf2-sha256$abc$%%$%%"));
    }

    [Theory]
    [InlineData("short", "short_password")]
    [InlineData("", "missing_password")]
    public void APasswordUnderTenCharactersIsRefusedNamingTheField(string password, string code)
    {
        var refused = Assert.Throws<DomainException>(() => Passwords.EnsureAcceptable(password, "password"));

        Assert.Equal(code, refused.Code);
        Assert.Equal("password", refused.Field);
    }
}
