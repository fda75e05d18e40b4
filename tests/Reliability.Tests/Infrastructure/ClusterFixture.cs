namespace Scheduling.Reliability.Tests.Infrastructure;

/// <summary>Per test class: an own PostgreSQL cluster (the outage and crash tests stop things) and service processes.</summary>
public abstract class ClusterTest : IAsyncLifetime
{
    private readonly List<ServiceProcess> services = [];

    protected LocalCluster Cluster { get; private set; } = null!;

    protected Store Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await LocalCluster.Start();
        Store = new Store(Cluster.ConnectionString);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var service in services)
        {
            await service.DisposeAsync();
        }

        await Cluster.DisposeAsync();
    }

    /// <summary>What every service of this test wrote (Warning and up), for failure messages: a 5xx names its cause there.</summary>
    protected string ServiceLogs() =>
        string.Join("\n", services.Select((service, i) => $"--- service {i + 1} ({service.BaseAddress}) ---\n{Tail(service.Output)}"));

    protected async Task<ServiceProcess> StartService(int? port = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var service = await ServiceProcess.Start(Cluster.ConnectionString, port, environment);
        services.Add(service);
        return service;
    }

    private static string Tail(string text) => text.Length <= 20_000 ? text : "…" + text[^20_000..];
}
