using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inbox.Web.Api;

/// <summary>The API's JSON: enums by name only (a number is refused, not read as an undefined value), and a sane nesting depth.</summary>
public static class Wire
{
    public const int MaxDepth = 32;

    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.MaxDepth = MaxDepth;
    }
}
