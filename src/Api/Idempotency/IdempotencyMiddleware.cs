using System.Security.Cryptography;
using Scheduling.Api.Infrastructure;
using Scheduling.Api.Json;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Infrastructure.Idempotency;

namespace Scheduling.Api.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on POST: the first request with a key claims it and its response (any status below 500)
/// is stored for 24 hours; a retry with the same key and body gets that response again with
/// <c>Idempotent-Replayed: true</c> and runs nothing; the same key with another body is 422
/// <c>idempotency_key_reused</c>; a retry while the first still runs is 409 <c>idempotency_key_in_use</c>.
/// A 5xx accepted nothing, so it releases the key and the retry runs afresh.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxKeyLength = 255;

    public async Task InvokeAsync(HttpContext context, IdempotencyStore store, ITenantContext tenant)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !context.Request.Headers.TryGetValue(HeaderName, out var values)
            || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

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

    private async Task RunAndStore(HttpContext context, IdempotencyStore store, string tenantId, string key)
    {
        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        var completed = false;
        try
        {
            await next(context);
            completed = context.Response.StatusCode < 500;
            if (completed)
            {
                // Stored even if the client has gone: its retry must see this response, not run again.
                await store.Complete(
                    tenantId,
                    key,
                    new StoredResponse(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null, captured.ToArray()),
                    CancellationToken.None);
            }
        }
        finally
        {
            context.Response.Body = original;
            if (!completed)
            {
                await store.Release(tenantId, key, CancellationToken.None);
            }
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task Replay(HttpContext context, StoredResponse stored)
    {
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

        await context.Response.Body.WriteAsync(stored.Body, context.RequestAborted);
    }

    // The request's identity: method, path and body bytes. Buffered so the endpoint can read the body again.
    private static async Task<byte[]?> Fingerprint(HttpContext context)
    {
        context.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: JsonLimits.MaxBodyBytes + 1);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{context.Request.Method} {context.Request.Path}\n"));
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        try
        {
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                total += read;
                if (total > JsonLimits.MaxBodyBytes)
                {
                    return null;
                }

                hash.AppendData(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            return null; // the buffer limit was hit
        }

        context.Request.Body.Position = 0;
        return hash.GetHashAndReset();
    }
}
