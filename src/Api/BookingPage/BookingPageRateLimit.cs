using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Scheduling.Api.BookingPage;

/// <summary>
/// Requests per scheduling link per minute (<see cref="BookingPageOptions.PermitsPerMinute"/>), pages and form posts
/// together: a fixed one-minute window keyed by a hash of the token (the limiter never holds the token itself).
/// </summary>
public static class BookingPageRateLimit
{
    public static RateLimitPartition<string>? Partition(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments("/book") || http.Request.RouteValues["token"] is not string token)
        {
            return null;
        }

        var permits = http.RequestServices.GetRequiredService<IOptions<BookingPageOptions>>().Value.PermitsPerMinute;
        if (permits <= 0)
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        var key = "book:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)), 0, 16);
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

    /// <summary>The 429 page, with <c>Retry-After</c> until the link's window of requests resets.</summary>
    public static Task Rejected(OnRejectedContext context)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
        http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        BookingPageEndpoints.ApplySecurityHeaders(http.Response);
        return new RazorComponentResult<LinkProblemPage>(new
        {
            Title = "Too many attempts",
            Message = "This link has been used too often in a short time. Please wait a minute, then open it again.",
        })
        { StatusCode = StatusCodes.Status429TooManyRequests }.ExecuteAsync(http);
    }
}
