namespace Inbox.Storage.Tests;

/// <summary>Plain JSON state, as domain grains keep it (System.Text.Json, web defaults: <c>{"value":1}</c>).</summary>
public sealed class CounterState
{
    public int Value { get; set; }
}
