namespace Inbox.Actors;

/// <summary>
/// Base class of grain implementations. The runtime creates one instance per activation, fills
/// its persistent state, then calls <see cref="OnActivateAsync"/>; all calls run one at a time
/// unless the class or method opts into interleaving.
/// </summary>
public abstract class Grain
{
    private ActivationData? _activation;

    internal ActivationData Activation
    {
        get => _activation ?? throw new InvalidOperationException("The grain is not activated yet: runtime members are unavailable in its constructor.");
        set => _activation = value;
    }

    public GrainId GrainId => Activation.GrainId;

    public IGrainFactory GrainFactory => Activation.Catalog.GrainFactory;

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current request has finished.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation(
        new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle"));

    /// <summary>Keeps this activation from idle collection until at least now + <paramref name="period"/>.</summary>
    protected void DelayDeactivation(TimeSpan period) => Activation.DelayDeactivation(period);

    /// <summary>
    /// A timer that runs <paramref name="callback"/> as a request of this activation. Ticks never
    /// overlap (the period counts from the end of a tick) and the timer dies with the activation.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options) =>
        Activation.RegisterTimer(callback, options);

    /// <summary>A typed reference to this grain, to hand to others.</summary>
    public TGrain AsReference<TGrain>() where TGrain : IGrain => Activation.Catalog.GrainFactory.GetGrain<TGrain>(GrainId);
}
