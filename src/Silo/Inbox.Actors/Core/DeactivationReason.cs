namespace Inbox.Actors;

public enum DeactivationReasonCode
{
    IdleCollection,
    ApplicationRequested,
    InconsistentState,
    ActivationLimit,
    ShuttingDown,
}

public sealed record DeactivationReason(DeactivationReasonCode Code, string Description);
