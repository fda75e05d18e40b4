using System.Security.Cryptography;
using Scheduling.Api.Infrastructure;
using Scheduling.Api.Json;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Behaviours;
using Scheduling.Application.Common.Idempotency;

namespace Scheduling.Api.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on POST: the first request with a key claims it and its response (any status below 500)
/// is stored for 24 hours; a retry with the same key and body gets that response again with
/// <c>Idempotent-Replayed: true</c> and runs nothing; the same key with another body is 422
/// <c>idempotency_key_reused</c>; a retry while the first still runs is 409 <c>idempotency_key_in_use</c>.
/// The request runs inside the store's transaction: its business change and its stored response commit together
/// (a crash before that commit leaves nothing, after it the retry replays). A 4xx changed nothing and is stored on
/// its own; a 5xx accepted nothing, so it releases the key and the retry runs afresh.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxKeyLength = 255;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !context.Request.Headers.TryGetValue(HeaderName, out var values)
            || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        // Resolved here, not as InvokeAsync parameters: those are resolved for every request, GETs included.
        var store = context.RequestServices.GetRequiredService<IIdempotencyStore>();
        var tenant = context.RequestServices.GetRequiredService<ITenantContext>();

        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > MaxKeyLength || key.Any(c => c is < ' ' or > '~'))
        {
            await Problems.Write(context, 400, "invalid_idempotency_key", "Bad request", $"'{HeaderName}' must be 1-{MaxKeyLength} printable ASCII characters.");
            return;
        }

        var fingerprint = await Fingerprint(context);
        if (fingerprint is null)
        {
            await Problems.Write(context, 413, "payload_too_large", "Payload too large", $"The request body is larger than the {JsonLimits.MaxBodyBytes / 1024 / 1024} MiB limit.");
            return;
        }

        var tenantId = tenant.TenantId;
        switch (await store.Claim(tenantId, key, fingerprint, context.RequestAborted))
        {
            case IdempotencyClaim.Replay(var stored):
                await Replay(context, stored);
                return;
            case IdempotencyClaim.InUse:
                await Problems.Write(context, 409, "idempotency_key_in_use", "Conflict", "A request with this Idempotency-Key is still being processed; retry shortly.");
                return;
            case IdempotencyClaim.Reused:
                await Problems.Write(context, 422, "idempotency_key_reused", "Unprocessable request", "This Idempotency-Key was used with a different request; use a new key for a new request.");
                return;
        }

        await RunAndStore(context, store, tenantId, key);
    }

    private async Task RunAndStore(HttpContext context, IIdempotencyStore store, string tenantId, string key)
    {
        var original = context.Response.Body;
        using var captured = new MemoryStream();
        var stored = false;
        try
        {
            await using (var request = await store.Begin(tenantId, key, context.RequestAborted))
            {
                context.Response.Body = captured;
                await next(context);
                var status = context.Response.StatusCode;
                var response = new StoredResponse(
                    status,
                    context.Response.ContentType,
                    context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                    captured.ToArray(),
                    context.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null);

                // Not the client's token: once the change is made, its response must be stored even if the client has gone.
                if (status < 400)
                {
                    await request.Commit(response, CancellationToken.None);
                    stored = true;
                }
                else if (status < 500)
                {
                    await request.CommitRefusal(response, CancellationToken.None);
                    stored = true;
                }
            }
        }
        finally
        {
            context.Response.Body = original;
            if (!stored)
            {
                await store.Release(tenantId, key, CancellationToken.None);
            }
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task Replay(HttpContext context, StoredResponse stored)
    {
        Telemetry.IdempotencyReplays.Add(1);
        context.Response.StatusCode = stored.Status;
        context.Response.Headers[ReplayedHeader] = "true";
        if (stored.ContentType is not null)
        {
            context.Response.ContentType = stored.ContentType;
        }

        if (stored.Location is not null)
        {
            context.Response.Headers.Location = stored.Location;
        }

        if (stored.ETag is not null)
        {
            context.Response.Headers.ETag = stored.ETag;
        }

        await context.Response.Body.WriteAsync(stored.Body, context.RequestAborted);
    }

    // The request's identity: method, path and body bytes (the one buffered copy the endpoint binds from too).
    private static async Task<byte[]?> Fingerprint(HttpContext context)
    {
        if (await RequestBody.Read(context) is not { } body)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{context.Request.Method} {context.Request.Path}\n"));
        hash.AppendData(body.Span);
        return hash.GetHashAndReset();
    }
}
