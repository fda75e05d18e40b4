using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Health;

public static class HealthEndpoints
{
    /// <summary>Liveness (the process answers) and readiness (the database answers); no key needed and never rate limited.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous().DisableRateLimiting();
        group.MapGet("/live", () => TypedResults.Text("Healthy")).WithName("Live").WithSummary("The process is up");
        group.MapGet("/ready", Ready).WithName("Ready").WithSummary("The database is reachable")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> Ready(HealthCheckService health, HttpContext context, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains("ready"), cancellationToken);
        if (report.Status == HealthStatus.Healthy)
        {
            return TypedResults.Text("Healthy");
        }

        context.Response.Headers.RetryAfter = "5";
        return TypedResults.Problem(Problems.Create(
            context, StatusCodes.Status503ServiceUnavailable, "service_unavailable", "Service unavailable", "The database is not reachable."));
    }
}
