using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Scheduling.Tests.Shared;

namespace Scheduling.Api.IntegrationTests.Infrastructure;

/// <summary>
/// The real service in memory (development configuration, seeded organisations) over a real PostgreSQL,
/// on a fake clock instead of the system's.
/// </summary>
public sealed class SchedulingApiFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> environment;

    /// <param name="environment">Variables set only while this factory's hosts are built (configuration Program reads before its host exists).</param>
    public SchedulingApiFactory(string connectionString, IReadOnlyDictionary<string, string>? environment = null)
    {
        this.environment = environment ?? new Dictionary<string, string>();
        Environment.SetEnvironmentVariable("Scheduling__RateLimit__PermitsPerMinute", "0");
        // The real retry schedule, a thousand times faster (5 s -> 5 ms ... 3 days -> ~4 min); sends polled often.
        Environment.SetEnvironmentVariable("Scheduling__Webhooks__BackoffScale", "0.001");
        Environment.SetEnvironmentVariable("Scheduling__Webhooks__PollMilliseconds", "50");
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>
    /// Whether this factory's own host publishes the service's meters under their real names (the shared fixture's, whose
    /// /metrics the observability tests read). Every other host in the test process (those of <c>WithWebHostBuilder</c>,
    /// other factories) gets <see cref="PrivateMeterFactory"/>: ASP.NET Core's and Kestrel's meters share one name
    /// across hosts, and disposing a short-lived host would otherwise silence the fixture's request metrics for the rest
    /// of the run, depending on test order.
    /// </summary>
    public bool PublishesServiceMeters { get; init; }

    private int hostsBuilt;

    private const string ConnectionVariable = "ConnectionStrings__Scheduling";
    private static readonly Lock HostGate = new();

    /// <summary>
    /// Program reads the connection string from the process environment while the host is built, before test
    /// overrides apply. Each host (this factory's, and those of <c>WithWebHostBuilder</c>, which build through here)
    /// is built with this factory's database set, one at a time, and the variable restored afterwards, so fixtures on
    /// different databases (the browser tests') never see each other's.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        lock (HostGate)
        {
            var previous = Environment.GetEnvironmentVariable(ConnectionVariable);
            var overridden = environment.Keys.ToDictionary(key => key, Environment.GetEnvironmentVariable);
            Environment.SetEnvironmentVariable(ConnectionVariable, ConnectionString);
            foreach (var (key, value) in environment)
            {
                Environment.SetEnvironmentVariable(key, value);
            }

            if (!PublishesServiceMeters || Interlocked.Increment(ref hostsBuilt) > 1)
            {
                builder.ConfigureServices(services => services.AddSingleton<System.Diagnostics.Metrics.IMeterFactory, PrivateMeterFactory>());
            }

            try
            {
                return base.CreateHost(builder);
            }
            finally
            {
                Environment.SetEnvironmentVariable(ConnectionVariable, previous);
                foreach (var (key, value) in overridden)
                {
                    Environment.SetEnvironmentVariable(key, value);
                }
            }
        }
    }

    /// <summary>Every log line the service writes, at every level, for the tests that check what is logged.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>
    /// The service's <see cref="IClock"/>: Tuesday 2030-01-08 09:00 UTC (GMT in London, so UTC and London dates agree)
    /// when the run starts, far enough ahead that the wall clock never overtakes it. Each read moves it on by a
    /// millisecond, so ids generated one after another (UUIDv7, ordered by time) stay in order.
    /// </summary>
    public FakeClock Clock { get; } = new(Instant.FromUtc(2030, 1, 8, 9, 0), Duration.FromMilliseconds(1));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<IClock>(Clock)));
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(Logs);
        });
    }
}

/// <summary>One service instance and database shared by every integration test class.</summary>
public sealed class ApiFixture : IAsyncLifetime, IDisposable
{
    private SchedulingApiFactory? factory;

    public SchedulingApiFactory Factory => factory ?? throw new InvalidOperationException("Fixture not initialised.");

    /// <summary>The service's clock, shared by every test in the collection: derive dates from it, and only ever move it forward.</summary>
    public FakeClock Clock => Factory.Clock;

    public async Task InitializeAsync()
    {
        factory = new SchedulingApiFactory(await TestDatabase.GetConnectionStringAsync()) { PublishesServiceMeters = true };
        _ = factory.Server; // start now: schema creation happens once, here
        using var http = factory.CreateClient();
        Contract = await OpenApiContract.Load(http);
    }

    public async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
    }

    public void Dispose() => factory?.Dispose();

    /// <summary>The served OpenAPI document, which every response through <see cref="Client"/> must match.</summary>
    public OpenApiContract Contract { get; private set; } = null!;

    public ApiClient Client(string key = DemoKeys.DemoTest) => new(Factory.CreateClient(), key, Contract);
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

/// <summary>The development configuration's keys (README documents them).</summary>
public static class DemoKeys
{
    public const string DemoTest = "test_demo_0000000000000000";
    public const string DemoLive = "live_demo_0000000000000000";
    public const string OtherTest = "test_other_0000000000000000";

    /// <summary>The demo organisation's operations key (test mode): what patient erasure needs.</summary>
    public const string DemoOperations = "test_demo_ops_000000000000000";
}
