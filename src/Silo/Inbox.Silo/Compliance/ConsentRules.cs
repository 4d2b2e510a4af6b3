namespace Inbox.Silo.Compliance;

/// <summary>
/// When a change was made and what it was: the order consent follows, whatever order changes arrive in.
/// <see cref="At"/> is the change's effective time: the provider's (placed) time for a keyword or a channel's
/// event, receipt for the API, an agent or an import.
/// </summary>
public sealed record ConsentMark(DateTimeOffset At, ConsentAction Action)
{
    /// <summary>Later by time; at the same time the more restrictive change counts as later, so a tie goes to opt-out.</summary>
    public bool IsAfter(ConsentMark? other) =>
        other is null || At > other.At || (At == other.At && Restriction(Action) > Restriction(other.Action));

    /// <summary>Ties: an opt-in yields to a marketing opt-in (same effect), which yields to a withdrawal, which yields to an opt-out.</summary>
    public static int Restriction(ConsentAction action) => action switch
    {
        ConsentAction.OptIn => 0,
        ConsentAction.OptInMarketing => 1,
        ConsentAction.WithdrawMarketing => 2,
        _ => 3,
    };
}

/// <summary>The change that last set each field of one number's consent; null: none has.</summary>
public sealed record ConsentMarks(ConsentMark? OptedOut = null, ConsentMark? Alerts = null, ConsentMark? Marketing = null)
{
    /// <summary>
    /// A record kept before marks were: its fields count as set at its last change, winning ties, so a late
    /// change older than what the record already reflects cannot undo it.
    /// </summary>
    public static ConsentMarks Legacy(NumberConsent consent)
    {
        var mark = new ConsentMark(consent.UpdatedAt, ConsentAction.OptOut);
        return new(mark, mark, mark);
    }
}

/// <summary>What one change did to one number; <see cref="SetsOptOut"/>: it decided whether the person is opted out (no later change had).</summary>
public sealed record ConsentStep(NumberConsent Consent, ConsentMarks Marks, bool SetsOptOut);

/// <summary>
/// The consent rules. An opt-out withdraws every opt-in, an opt-in lifts the opt-out, a marketing opt-in also
/// opts in, a marketing withdrawal touches marketing only. Each change sets fixed values, so each field is the
/// value of the latest change that sets it: keeping the mark of that change per field gives, in any arrival
/// order, the state of applying every change in time order.
/// </summary>
public static class ConsentRules
{
    public static ConsentStep Apply(NumberConsent current, ConsentMarks marks, ConsentAction action, DateTimeOffset at)
    {
        var mark = new ConsentMark(at, action);
        var (optedOut, alerts, marketing) = Sets(action);
        var next = current with { UpdatedAt = at > current.UpdatedAt ? at : current.UpdatedAt };
        var setsOptOut = optedOut is not null && mark.IsAfter(marks.OptedOut);
        if (setsOptOut)
        {
            next = next with { OptedOut = optedOut!.Value };
            marks = marks with { OptedOut = mark };
        }
        if (alerts is { } a && mark.IsAfter(marks.Alerts))
        {
            next = next with { Alerts = a };
            marks = marks with { Alerts = mark };
        }
        if (marketing is { } m && mark.IsAfter(marks.Marketing))
        {
            next = next with { Marketing = m };
            marks = marks with { Marketing = mark };
        }
        return new ConsentStep(next, marks, setsOptOut);
    }

    /// <summary>What a change sets: opted out, alerts, marketing; null where it leaves the field alone.</summary>
    private static (bool? OptedOut, bool? Alerts, bool? Marketing) Sets(ConsentAction action) => action switch
    {
        ConsentAction.OptOut => (true, false, false),
        ConsentAction.OptIn => (false, true, null),
        ConsentAction.OptInMarketing => (false, true, true),
        ConsentAction.WithdrawMarketing => (null, null, false),
        _ => (null, null, null),
    };
}
