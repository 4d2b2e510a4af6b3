namespace Inbox.Actors;

/// <summary>Hands out grain references. A reference activates nothing; the first call does.</summary>
public interface IGrainFactory
{
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;

    TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey;

    TGrain GetGrain<TGrain>(long key) where TGrain : IGrainWithIntegerKey;

    /// <summary>A reference by identity, for the runtime and for references kept in state.</summary>
    TGrain GetGrain<TGrain>(GrainId id) where TGrain : IGrain;
}
