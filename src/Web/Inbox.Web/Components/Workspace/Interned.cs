namespace Inbox.Web.Components.Workspace;

/// <summary>
/// Equal immutable values that many circuits hold, held once. The agents of a team look at the same conversations, and each
/// circuit reads its own copy of every row (and draws its own markup of it); <see cref="Intern"/> hands back the instance
/// already in use when an equal one is, so the copies die young. Values are held weakly: one that no circuit holds any more
/// is not kept alive here, and its entry is swept as the table grows. Two live values whose hashes collide are not both
/// remembered (the newer is); both stay correct, one just goes unshared.
/// </summary>
public sealed class Interned<T>(IEqualityComparer<T>? comparer = null) where T : class
{
    private const int SweepAtLeast = 1024;

    private readonly IEqualityComparer<T> _comparer = comparer ?? EqualityComparer<T>.Default;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, WeakReference<T>> _byHash = [];
    private int _sweepAt = SweepAtLeast;

    /// <summary>The entries held, live or not yet swept.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _byHash.Count;
        }
    }

    /// <summary>The instance in use equal to <paramref name="value"/>, or <paramref name="value"/> itself, now the one in use.</summary>
    public T Intern(T value)
    {
        var hash = _comparer.GetHashCode(value);
        lock (_gate)
        {
            if (_byHash.TryGetValue(hash, out var held))
            {
                if (held.TryGetTarget(out var known) && _comparer.Equals(known, value)) return known;
                held.SetTarget(value);
                return value;
            }
            _byHash[hash] = new WeakReference<T>(value);
            if (_byHash.Count >= _sweepAt) Sweep();
            return value;
        }
    }

    private void Sweep()
    {
        foreach (var (hash, held) in _byHash)
            if (!held.TryGetTarget(out _)) _byHash.Remove(hash);
        _sweepAt = Math.Max(SweepAtLeast, 2 * _byHash.Count);
    }
}
