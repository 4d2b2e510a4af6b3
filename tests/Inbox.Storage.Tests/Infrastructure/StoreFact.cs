using Xunit.Abstractions;
using Xunit.Sdk;

namespace Inbox.Storage.Tests;

/// <summary>Marks a test class that runs its (inherited) store tests against PostgreSQL.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>
/// A fact of a suite that runs once per store (a base class with one subclass per store). On a
/// subclass marked <see cref="RequiresPostgresAttribute"/> it is skipped where PostgreSQL is not
/// configured, except in CI, where it runs and fails.
/// </summary>
[XunitTestCaseDiscoverer("Inbox.Storage.Tests.StoreFactDiscoverer", "Inbox.Storage.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = options.MethodDisplayOrDefault();
        var displayOptions = options.MethodDisplayOptionsOrDefault();
        var needsPostgres = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any();
        if (needsPostgres && Requirements.PostgresConnectionString is null && !Requirements.InCi)
            return [new XunitSkippedDataRowTestCase(diagnostics, display, displayOptions, testMethod, Requirements.NoPostgres)];
        return [new XunitTestCase(diagnostics, display, displayOptions, testMethod)];
    }
}
