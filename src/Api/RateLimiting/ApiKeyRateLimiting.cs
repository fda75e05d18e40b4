using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Scheduling.Api.BookingPage;
using Scheduling.Api.Infrastructure;
using Scheduling.Api.Tenancy;

namespace Scheduling.Api.RateLimiting;

/// <summary>
/// Per API key, per service instance: a token bucket that refills at <see cref="PermitsPerMinute"/> (the steady rate)
/// and holds at most <see cref="Burst"/> requests (what a quiet key may send at once). 0 permits turns limiting off
/// (the tests' setting).
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Scheduling:RateLimit";

    /// <summary>Steady rate: tokens added per minute, continuously (600 = one every 100 ms).</summary>
    public int PermitsPerMinute { get; init; }

    /// <summary>Bucket size; 0 or less means one minute's worth (<see cref="PermitsPerMinute"/>).</summary>
    public int Burst { get; init; }

    public int BucketSize => Burst > 0 ? Burst : PermitsPerMinute;
}

public static class ApiKeyRateLimiting
{
    /// <summary>A token bucket per key; over the limit → 429 problem with Retry-After. Endpoints with DisableRateLimiting (health) are never limited.</summary>
    public static IServiceCollection AddApiKeyRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (BookingPageRateLimit.Partition(http) is { } bookingPartition)
                {
                    return bookingPartition;
                }

                var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var key = http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value;
                return options.PermitsPerMinute <= 0 || key is null
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.BucketSize,
                        // The bucket fills in proportion to elapsed time, so this is a steady rate, not a minute's step.
                        TokensPerPeriod = options.PermitsPerMinute,
                        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                        AutoReplenishment = true,
                        QueueLimit = 0,
                    });
            });
            limiter.OnRejected = async (context, _) =>
            {
                if (BookingPageRateLimit.Partition(context.HttpContext) is not null)
                {
                    await BookingPageRateLimit.Rejected(context);
                    return;
                }

                // The lease's own RetryAfter counts whole replenishment periods (a minute); one token takes 60 / rate seconds.
                var permits = context.HttpContext.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.PermitsPerMinute;
                var retryAfter = Math.Max(1, (int)Math.Ceiling(60.0 / Math.Max(1, permits)));
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);

                await Problems.Write(
                    context.HttpContext, StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests", $"Too many requests for this API key; retry after {retryAfter} seconds.");
            };
        });
        return services;
    }
}
