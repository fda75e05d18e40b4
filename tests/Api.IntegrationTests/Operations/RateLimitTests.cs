using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Operations;

/// <summary>The per-key token bucket (steady rate + burst) and the endpoints it never touches.</summary>
[Collection(ApiCollection.Name)]
public sealed class RateLimitTests(ApiFixture fixture)
{
    [Fact]
    public async Task Burst_IsServedAtOnce_ThenTheSteadyRateRefills()
    {
        using var limited = Limited(permitsPerMinute: 60, burst: 3);
        using var http = limited.CreateClient();
        var demo = new ApiClient(http, DemoKeys.DemoTest);
        var other = new ApiClient(http, DemoKeys.OtherTest);

        for (var i = 0; i < 3; i++)
        {
            (await demo.Get("/v1/appointments/apt_none")).AssertStatus(HttpStatusCode.NotFound);
        }

        var refused = (await demo.Get("/v1/appointments/apt_none")).AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 2); // one token a second, not a minute's window
        (await other.Get("/v1/appointments/apt_none")).AssertStatus(HttpStatusCode.NotFound); // each key has its own bucket

        await Task.Delay(TimeSpan.FromSeconds(retryAfter) + TimeSpan.FromMilliseconds(300));
        (await demo.Get("/v1/appointments/apt_none")).AssertStatus(HttpStatusCode.NotFound);
        (await demo.Get("/v1/appointments/apt_none")).AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task Health_AnswersWithAnExhaustedKey()
    {
        using var limited = Limited(permitsPerMinute: 1, burst: 1);
        using var http = limited.CreateClient();
        var demo = new ApiClient(http, DemoKeys.DemoTest);
        (await demo.Get("/v1/appointments/apt_none")).AssertStatus(HttpStatusCode.NotFound);
        (await demo.Get("/v1/appointments/apt_none")).AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("Healthy", (await demo.Get("/health/live")).AssertStatus(HttpStatusCode.OK).Body);
            Assert.Equal("Healthy", (await demo.Get("/health/ready")).AssertStatus(HttpStatusCode.OK).Body);
        }
    }

    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Limited(int permitsPerMinute, int burst) =>
        fixture.Factory.WithWebHostBuilder(builder => builder.ConfigureAppConfiguration(config =>
            config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Scheduling:RateLimit:PermitsPerMinute"] = permitsPerMinute.ToString(CultureInfo.InvariantCulture),
                ["Scheduling:RateLimit:Burst"] = burst.ToString(CultureInfo.InvariantCulture),
            })));
}
