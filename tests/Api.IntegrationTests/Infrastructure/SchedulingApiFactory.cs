using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;

namespace Scheduling.Api.IntegrationTests.Infrastructure;

/// <summary>
/// The real service in memory (development configuration, seeded organisations) over a real PostgreSQL,
/// on a fake clock instead of the system's.
/// </summary>
public sealed class SchedulingApiFactory : WebApplicationFactory<Program>
{
    public SchedulingApiFactory(string connectionString)
    {
        // Program reads the connection string while building the host, before test overrides apply.
        Environment.SetEnvironmentVariable("ConnectionStrings__Scheduling", connectionString);
        Environment.SetEnvironmentVariable("Scheduling__RateLimit__PermitsPerMinute", "0");
        // The real retry schedule, a thousand times faster (5 s -> 5 ms ... 3 days -> ~4 min); sends polled often.
        Environment.SetEnvironmentVariable("Scheduling__Webhooks__BackoffScale", "0.001");
        Environment.SetEnvironmentVariable("Scheduling__Webhooks__PollMilliseconds", "50");
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    private static readonly Lock StartGate = new();

    /// <summary>
    /// Starts the service (in memory, or on Kestrel after <c>UseKestrel</c>) on this factory's database. Program reads
    /// the connection string from the process environment, so fixtures starting side by side take turns.
    /// </summary>
    public void Start()
    {
        lock (StartGate)
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__Scheduling", ConnectionString);
            StartServer();
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
        factory = new SchedulingApiFactory(await TestDatabase.GetConnectionStringAsync());
        factory.Start(); // start now: schema creation happens once, here
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
}
