namespace Inbox.Actors;

/// <summary>Marker for grain interfaces. Methods return <see cref="Task"/> or <see cref="Task{T}"/>.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A grain addressed by a <see cref="Guid"/> key.</summary>
public interface IGrainWithGuidKey : IGrain;

/// <summary>A grain addressed by a 64-bit integer key.</summary>
public interface IGrainWithIntegerKey : IGrain;
