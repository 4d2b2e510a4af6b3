using System.Linq.Expressions;
using System.Reflection;

namespace Inbox.Actors;

/// <summary>One method of a grain interface: a compiled call, its interleaving and its timeout.</summary>
internal abstract class GrainMethod
{
    private readonly Func<object, object?[], Task> _call;

    protected GrainMethod(MethodInfo method)
    {
        Method = method;
        Interleave = method.IsDefined(typeof(AlwaysInterleaveAttribute)) ? Interleave.Always
            : method.IsDefined(typeof(ReadOnlyAttribute)) ? Interleave.ReadOnly
            : Interleave.None;
        Timeout = method.GetCustomAttribute<ResponseTimeoutAttribute>()?.Timeout;
        _call = Compile(method);
    }

    public MethodInfo Method { get; }

    public Interleave Interleave { get; }

    public TimeSpan? Timeout { get; }

    public Task Call(object grain, object?[] args) => _call(grain, args);

    public abstract Request CreateRequest(object?[] args);

    /// <summary>The call when the cached activation cannot take it: find or create one, and retry.</summary>
    public abstract Task CallViaCatalog(GrainReference reference, object?[] args);

    public static GrainMethod Create(MethodInfo method)
    {
        var returns = method.ReturnType;
        if (returns == typeof(Task)) return new VoidGrainMethod(method);
        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
            return (GrainMethod)Activator.CreateInstance(typeof(GrainMethod<>).MakeGenericType(returns.GenericTypeArguments[0]), method)!;
        throw new InvalidOperationException(
            $"Grain method {method.DeclaringType?.Name}.{method.Name} returns {returns.Name}; grain methods return Task or Task<T>.");
    }

    private static Func<object, object?[], Task> Compile(MethodInfo method)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters().Select((p, i) =>
            Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        var call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, parameters);
        return Expression.Lambda<Func<object, object?[], Task>>(call, grain, args).Compile();
    }
}

internal sealed class VoidGrainMethod(MethodInfo method) : GrainMethod(method)
{
    public override Request CreateRequest(object?[] args) => new ActionRequest(g => Call(g, args), Interleave, description: $"{Method.DeclaringType?.Name}.{Method.Name}");

    public override async Task CallViaCatalog(GrainReference reference, object?[] args)
    {
        while (true)
        {
            var activation = await reference.ResolveAsync();
            var task = activation.TryInvoke(this, args);
            if (task is not null) { await task; return; }
        }
    }
}

internal sealed class GrainMethod<T>(MethodInfo method) : GrainMethod(method)
{
    public override Request CreateRequest(object?[] args) => new CallRequest<T>(this, args, Interleave);

    public override Task CallViaCatalog(GrainReference reference, object?[] args) => CallTyped(reference, args);

    private async Task<T> CallTyped(GrainReference reference, object?[] args)
    {
        while (true)
        {
            var activation = await reference.ResolveAsync();
            var task = activation.TryInvoke(this, args);
            if (task is not null) return await (Task<T>)task;
        }
    }
}
