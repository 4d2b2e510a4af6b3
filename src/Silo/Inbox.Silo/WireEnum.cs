using System.Text.Json.Serialization;

namespace Inbox.Silo;

/// <summary>
/// An enum on the wire and in stored JSON: its name. A number or an unknown name is refused (a
/// JsonException the API answers with 400), never read as a value the enum does not define.
/// </summary>
public sealed class WireEnum<T>() : JsonStringEnumConverter<T>(namingPolicy: null, allowIntegerValues: false) where T : struct, Enum;
