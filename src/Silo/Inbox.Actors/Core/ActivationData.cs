using System.Runtime.CompilerServices;

namespace Inbox.Actors;

/// <summary>
/// One activation: the grain instance, its mailbox and its turn scheduler.
/// Admission (which requests may be in flight together) is separate from turns (which thread runs
/// grain code now): at most one thread runs a turn, and it is the activation's own
/// <see cref="SynchronizationContext"/>, so every await inside the grain resumes through this mailbox.
/// A call that finds the activation idle runs inline on the caller's thread; everything else queues.
/// </summary>
internal sealed partial class ActivationData : SynchronizationContext, IThreadPoolWorkItem
{
    private const int MaxTurnsPerDrain = 64;

    private readonly GrainClass _class;
    private Grain? _grain;
    private Status _status = Status.Activating;
    private bool _turnRunning;
    private int _runningNormal, _runningReadOnly, _runningAlways;
    private bool _runningSystem;
    private Request? _system;
    private Queue<Request>? _queue;
    private Queue<Request>? _interleaving;
    private Queue<(SendOrPostCallback Callback, object? State)>? _turns;
    private DeactivationReason? _deactivation;
    private TaskCompletionSource? _deactivated;
    private List<GrainTimer>? _timers;

    public ActivationData(Catalog catalog, GrainClass grainClass, GrainId id)
    {
        Catalog = catalog;
        _class = grainClass;
        GrainId = id;
        _system = new ActionRequest(_ => ActivateAsync(), Interleave.System);
    }

    private enum Status : byte { Activating, Valid, Deactivating, Invalid }

    public Catalog Catalog { get; }

    public GrainId GrainId { get; }

    /// <summary>Set by each admitted request; the collector turns it into a last-activity time.</summary>
    public bool Touched { get; set; } = true;

    public long LastActivityTicks { get; set; }

    public long KeepAliveUntilTicks { get; private set; }

    public bool IsAcceptingCalls => _status <= Status.Valid;

    /// <summary>Completes when this activation has left the directory.</summary>
    public Task Deactivated
    {
        get
        {
            lock (this) return (_deactivated ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>
    /// Calls <paramref name="method"/>; null when this activation no longer takes calls and the
    /// caller must find the next one through the catalog.
    /// </summary>
    public Task? TryInvoke(GrainMethod method, object?[] args)
    {
        lock (this)
        {
            if (_status > Status.Valid) return null;
            if (_status == Status.Valid && !_turnRunning && _deactivation is null && QueuesEmpty() && CanAdmit(method.Interleave))
            {
                _turnRunning = true;
                Admit(method.Interleave, countsAsActivity: true);
            }
            else
            {
                var request = method.CreateRequest(args);
                EnqueueLocked(request);
                Catalog.ResponseTimeouts.Register(request, method.Timeout);
                return request.Completion;
            }
        }
        return RunInline(method, args);
    }

    /// <summary>Queues runtime work (a timer tick, a job) behind the calls already waiting.</summary>
    public bool TryEnqueue(Request request)
    {
        lock (this)
        {
            if (_status > Status.Valid) return false;
            EnqueueLocked(request);
            return true;
        }
    }

    /// <summary>Starts the activation request queued by the constructor (only the directory's winner does).</summary>
    public void RequestActivation()
    {
        lock (this) ScheduleIfRunnableLocked();
    }

    public void RequestDeactivation(DeactivationReason reason)
    {
        lock (this)
        {
            if (_status > Status.Valid) return;
            _deactivation ??= reason;
            ScheduleIfRunnableLocked();
        }
    }

    /// <summary>Deactivates if nothing is running or waiting; used by idle collection and the activation bound.</summary>
    public bool TryDeactivateIdle(DeactivationReason reason, long nowTicks)
    {
        lock (this)
        {
            if (_status != Status.Valid || _turnRunning || _deactivation is not null || !QueuesEmpty() || InFlight() || KeepAliveUntilTicks > nowTicks)
                return false;
            _deactivation = reason;
            ScheduleIfRunnableLocked();
            return true;
        }
    }

    public void DelayDeactivation(TimeSpan period) =>
        KeepAliveUntilTicks = period == Timeout.InfiniteTimeSpan ? long.MaxValue
            : period <= TimeSpan.Zero ? 0
            : Catalog.Time.GetUtcNow().UtcTicks + period.Ticks;

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (this)
        {
            (_turns ??= new()).Enqueue((d, state));
            if (_turnRunning) return;
            _turnRunning = true;
        }
        // Nobody runs a turn here: run it on this thread now rather than waking a pool thread for it
        // (the continuation of a commit, typically), unless the stack is already deep.
        if (RuntimeHelpers.TryEnsureSufficientExecutionStack() && Current is not ActivationData) ((IThreadPoolWorkItem)this).Execute();
        else ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Grain code cannot block on its own activation.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Drains turns: posted continuations first, then admissible requests, a bounded number per visit.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            for (var i = 0; i < MaxTurnsPerDrain; i++)
            {
                SendOrPostCallback? callback = null;
                object? state = null;
                Request? request = null;
                lock (this)
                {
                    if (_turns is { Count: > 0 }) (callback, state) = _turns.Dequeue();
                    else if ((request = TakeNextLocked()) is null) { _turnRunning = false; return; }
                }
                if (request is not null) Start(request);
                else callback?.Invoke(state);
            }
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    private Task RunInline(GrainMethod method, object?[] args)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        Task body;
        try
        {
            body = method.Call(_grain!, args);
        }
        catch (Exception error)
        {
            body = Task.FromException(error);
        }
        finally
        {
            SetSynchronizationContext(previous);
        }

        if (body.IsCompleted)
        {
            Finished(method.Interleave, body);
            EndTurn();
            return body;
        }

        // The caller must not resume inside this activation's turn, and must time out if the body hangs.
        var request = method.CreateRequest(args);
        Catalog.ResponseTimeouts.Register(request, method.Timeout);
        body.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() =>
        {
            Catalog.ResponseTimeouts.Unregister(request);
            request.Complete(body);
            Finished(request.Interleave, body);
        });
        EndTurn();
        return request.Completion;
    }

    private void Start(Request request)
    {
        Task body;
        try
        {
            body = request.Start(_grain!);
        }
        catch (Exception error)
        {
            body = Task.FromException(error);
        }

        if (body.IsCompleted) Complete(request, body);
        else body.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => Complete(request, body));
    }

    private void Complete(Request request, Task body)
    {
        Catalog.ResponseTimeouts.Unregister(request);
        request.Complete(body);
        Finished(request.Interleave, body);
    }

    /// <summary>A request left flight: release its admission slot and wake the mailbox if work can start.</summary>
    private void Finished(Interleave interleave, Task body)
    {
        if (body.IsFaulted && body.Exception!.InnerExceptions.Any(e => e is InconsistentStateException))
            RequestDeactivation(new DeactivationReason(DeactivationReasonCode.InconsistentState, "stale state; it reloads on the next call"));
        lock (this)
        {
            switch (interleave)
            {
                case Interleave.None: _runningNormal--; break;
                case Interleave.ReadOnly: _runningReadOnly--; break;
                case Interleave.Always: _runningAlways--; break;
                case Interleave.System: _runningSystem = false; break;
            }
            ScheduleIfRunnableLocked();
        }
    }

    private void EndTurn()
    {
        lock (this)
        {
            if (_turns is { Count: > 0 } || HasAdmissibleLocked())
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
                return;
            }
            _turnRunning = false;
        }
    }

    private void EnqueueLocked(Request request)
    {
        if (request.Interleave == Interleave.Always) (_interleaving ??= new()).Enqueue(request);
        else (_queue ??= new()).Enqueue(request);
        ScheduleIfRunnableLocked();
    }

    private void ScheduleIfRunnableLocked()
    {
        if (_turnRunning || !HasAdmissibleLocked()) return;
        _turnRunning = true;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    private bool HasAdmissibleLocked()
    {
        if (_runningSystem) return false;
        if (_system is not null) return !InFlight();
        if (_deactivation is not null && _status == Status.Valid) return !InFlight();
        if (_interleaving is { Count: > 0 }) return true;
        while (_queue is not null && _queue.TryPeek(out var head))
        {
            if (!head.IsCompleted) return CanAdmit(head.Interleave);
            _queue.Dequeue(); // timed out while waiting: dropped, as Orleans drops expired messages
        }
        return false;
    }

    private Request? TakeNextLocked()
    {
        if (!HasAdmissibleLocked()) return null;
        Request request;
        if (_system is not null)
        {
            request = _system;
            _system = null;
        }
        else if (_deactivation is not null && _status == Status.Valid)
        {
            _status = Status.Deactivating;
            request = new ActionRequest(_ => DeactivateAsync(), Interleave.System);
        }
        else
        {
            request = _interleaving is { Count: > 0 } ? _interleaving.Dequeue() : _queue!.Dequeue();
        }
        Admit(request.Interleave, request.CountsAsActivity);
        return request;
    }

    private void Admit(Interleave interleave, bool countsAsActivity)
    {
        switch (interleave)
        {
            case Interleave.None: _runningNormal++; break;
            case Interleave.ReadOnly: _runningReadOnly++; break;
            case Interleave.Always: _runningAlways++; break;
            case Interleave.System: _runningSystem = true; break;
        }
        if (countsAsActivity) Touched = true;
    }

    private bool CanAdmit(Interleave interleave) => interleave switch
    {
        _ when _runningSystem => false,
        Interleave.System => !InFlight(),
        _ when _class.Reentrant => true,
        Interleave.Always => true,
        Interleave.ReadOnly => _runningNormal == 0,
        _ => _runningNormal == 0 && _runningReadOnly == 0,
    };

    private bool InFlight() => _runningNormal + _runningReadOnly + _runningAlways > 0 || _runningSystem;

    private bool QueuesEmpty() => _queue is not { Count: > 0 } && _interleaving is not { Count: > 0 };
}
