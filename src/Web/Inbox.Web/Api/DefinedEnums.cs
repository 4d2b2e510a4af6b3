using System.Reflection;

namespace Inbox.Web.Api;

/// <summary>
/// Route and query binding reads an enum with Enum.TryParse, which takes "7" as a value no enum
/// defines; this filter refuses such a value with 400 naming the parameter before the handler runs.
/// </summary>
internal static class DefinedEnums
{
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var enums = factory.MethodInfo.GetParameters()
            .Select((p, i) => (p.Name, Index: i, Type: Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
            .Where(p => p.Type.IsEnum)
            .ToArray();
        if (enums.Length == 0) return next;
        return context =>
        {
            foreach (var (name, index, type) in enums)
            {
                if (context.Arguments[index] is { } value && !Enum.IsDefined(type, value))
                    return ValueTask.FromResult<object?>(ApiProblems.Invalid("bad_" + name, $"'{value}' is not a valid {name}: expected {InputTypes.Describe(type)}.", name!));
            }
            return next(context);
        };
    }
}
