namespace Inbox.Connectors.Tests;

/// <summary>Payload fixtures under Fixtures/, read as the exact bytes a provider puts on the wire.</summary>
public static class Fixture
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
