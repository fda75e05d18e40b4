using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Scheduling.Api.Infrastructure;
using Scheduling.Api.Tenancy;

namespace Scheduling.Api.RateLimiting;

/// <summary>Requests per API key per minute; 0 turns limiting off (the tests' setting).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Scheduling:RateLimit";

    public int PermitsPerMinute { get; init; }
}

public static class ApiKeyRateLimiting
{
    /// <summary>A fixed one-minute window per key; over the limit → 429 problem with Retry-After.</summary>
    public static IServiceCollection AddApiKeyRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var permits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.PermitsPerMinute;
                var key = http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value;
                return permits <= 0 || key is null
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = permits,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    });
            });
            limiter.OnRejected = async (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Problems.Write(
                    context.HttpContext, StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests", $"Too many requests for this API key; retry after {retryAfter} seconds.");
            };
        });
        return services;
    }
}
