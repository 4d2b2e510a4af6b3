using System.Collections;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Inbox.Web.Api;

/// <summary>What a request field expects, in words, found by walking the body type along a JSON path.</summary>
internal static class InputTypes
{
    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => $"\"{n}\""));
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float)) return "a number";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "a date and time in ISO 8601, such as \"2026-12-01T09:30:00Z\"";
        if (type == typeof(TimeOnly)) return "a time of day, such as \"08:00:00\"";
        if (type == typeof(TimeSpan)) return "a duration, such as \"01:30:00\"";
        if (Element(type) is { } element) return $"an array of {Plural(Describe(element))}";
        return "an object";
    }

    /// <summary>The type at "a.b[0].c" below <paramref name="root"/>; null where the path leaves what the type declares.</summary>
    public static Type? At(Type root, string field)
    {
        Type? type = root;
        foreach (var segment in field.Replace("[", ".[").Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (type is null) return null;
            type = Nullable.GetUnderlyingType(type) ?? type;
            type = segment.StartsWith('[') ? Element(type) : Property(type, segment);
        }
        return type;
    }

    private static Type? Property(Type type, string jsonName)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var open && (open == typeof(IReadOnlyDictionary<,>) || open == typeof(Dictionary<,>) || open == typeof(IDictionary<,>)))
            return type.GetGenericArguments()[1];
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name, jsonName, StringComparison.OrdinalIgnoreCase))?.PropertyType;
    }

    private static Type? Element(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable is not null && typeof(IEnumerable).IsAssignableFrom(type) && !type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))
            ? enumerable.GetGenericArguments()[0]
            : null;
    }

    private static string Plural(string description) => description switch
    {
        "an object" => "objects",
        "a string" => "strings",
        _ => description,
    };
}
