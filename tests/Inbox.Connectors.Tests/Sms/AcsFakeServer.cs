using Inbox.Connectors.Fakes.Sms;
using Microsoft.AspNetCore.Builder;

namespace Inbox.Connectors.Tests.Sms;

/// <summary>The tests' ACS resource: <see cref="AcsSmsFakeServer"/> with two known keys unless a test brings its own options.</summary>
public static class AcsFakeServer
{
    public const string Key = "ZmFrZS1hY3MtYWNjZXNzLWtleS1mb3ItdGVzdHMtb25seSEh";
    public const string SecondaryKey = "c2Vjb25kYXJ5LWZha2UtYWNzLWtleS1mb3ItdGVzdHMh";

    public static Task<AcsSmsFakeServer> StartAsync(AcsSmsFakeOptions? options = null, TimeProvider? time = null, string prefix = "",
        Action<WebApplication>? more = null) =>
        AcsSmsFakeServer.StartAsync(options ?? new AcsSmsFakeOptions { AccessKeys = [Key, SecondaryKey] }, time, prefix, more);
}
