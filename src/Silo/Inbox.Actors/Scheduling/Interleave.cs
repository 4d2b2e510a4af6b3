namespace Inbox.Actors;

/// <summary>How a request may overlap others in one activation.</summary>
internal enum Interleave : byte
{
    /// <summary>Runs alone among ordinary and read-only requests (the default).</summary>
    None,

    /// <summary>Runs beside other read-only requests.</summary>
    ReadOnly,

    /// <summary>Runs beside anything but activation and deactivation.</summary>
    Always,

    /// <summary>Activation and deactivation: runs alone, full stop.</summary>
    System,
}
