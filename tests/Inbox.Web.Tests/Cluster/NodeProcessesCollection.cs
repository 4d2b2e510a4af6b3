namespace Inbox.Web.Tests.Cluster;

/// <summary>
/// Tests that start Inbox.Web node processes run alone, after or before the rest, never beside it: two nodes under
/// inbound load take both cores, and the browser tests' timed waits running meanwhile missed their deadlines.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NodeProcessesCollection
{
    public const string Name = "Node processes";
}
