namespace Inbox.Actors;

/// <summary>A unit of admission: one call, timer tick, job or lifecycle step on one activation.</summary>
internal abstract class Request(Interleave interleave, bool countsAsActivity)
{
    public Interleave Interleave { get; } = interleave;

    /// <summary>Whether this request resets the idle-collection clock (timer ticks need KeepAlive).</summary>
    public bool CountsAsActivity { get; } = countsAsActivity;

    /// <summary>When the caller stops waiting (UTC ticks); 0 for requests nobody times out.</summary>
    public long DeadlineTicks { get; set; }

    public abstract Task Completion { get; }

    public bool IsCompleted => Completion.IsCompleted;

    /// <summary>Starts the request's body on the grain; the returned task ends when the request does.</summary>
    public abstract Task Start(Grain grain);

    /// <summary>Passes the body's outcome to whoever waits for the request.</summary>
    public abstract void Complete(Task body);

    public abstract void Fail(Exception error);

    public virtual string Describe() => "runtime work";
}

/// <summary>A request whose caller waits for a <typeparamref name="T"/>.</summary>
internal sealed class CallRequest<T>(GrainMethod method, object?[] args, Interleave interleave)
    : Request(interleave, countsAsActivity: true)
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GrainMethod Method => method;

    public override Task Completion => _completion.Task;

    public Task<T> Task => _completion.Task;

    public override Task Start(Grain grain) => method.Call(grain, args);

    public override void Complete(Task body)
    {
        if (body.IsCompletedSuccessfully) _completion.TrySetResult(((Task<T>)body).Result);
        else if (body.IsCanceled) _completion.TrySetCanceled();
        else _completion.TrySetException(body.Exception!.InnerExceptions);
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);

    public override string Describe() => $"{method.Method.DeclaringType?.Name}.{method.Method.Name}";
}

/// <summary>A request that returns no value: a call of a <see cref="Task"/> method, or runtime work.</summary>
internal sealed class ActionRequest(Func<Grain, Task> body, Interleave interleave, bool countsAsActivity = true, string description = "runtime work")
    : Request(interleave, countsAsActivity)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task Completion => _completion.Task;

    public override Task Start(Grain grain) => body(grain);

    public override void Complete(Task outcome)
    {
        if (outcome.IsCompletedSuccessfully) _completion.TrySetResult();
        else if (outcome.IsCanceled) _completion.TrySetCanceled();
        else _completion.TrySetException(outcome.Exception!.InnerExceptions);
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);

    public override string Describe() => description;
}
