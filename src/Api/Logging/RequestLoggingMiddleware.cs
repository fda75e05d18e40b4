using System.Diagnostics;
using Scheduling.Api.Tenancy;

namespace Scheduling.Api.Logging;

/// <summary>
/// One structured line per request: method, route template (never the query string or body), status, duration,
/// tenant and trace id. Personal data (phones, e-mails, addresses, postcodes, metadata) and keys never reach it.
/// </summary>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            // The line's arguments (tenant text, trace id) are built only when the line is written.
            if (logger.IsEnabled(LogLevel.Information))
            {
                Log(context, started);
            }
        }
    }

    private void Log(HttpContext context, long started)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        var organisation = context.User.FindFirst(ApiKeyAuthenticationHandler.OrganisationClaim)?.Value;
        var tenant = organisation is null ? "-" : $"{organisation}:{context.User.FindFirst(ApiKeyAuthenticationHandler.ModeClaim)?.Value}";
        logger.LogInformation(
            "HTTP {Method} {Route} responded {StatusCode} in {ElapsedMs:0.0} ms (tenant {Tenant}, trace {TraceId})",
            context.Request.Method,
            route,
            context.Response.StatusCode,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            tenant,
            Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier);
    }
}
