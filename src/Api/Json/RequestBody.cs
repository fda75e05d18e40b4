namespace Scheduling.Api.Json;

/// <summary>
/// The request body, read once with the one size limit and kept for the request: the idempotency fingerprint and
/// the JSON binding both use these bytes, so the body is never read (or limited) twice.
/// </summary>
public static class RequestBody
{
    private static readonly object Key = new();

    /// <summary>The body's bytes, or null when it is larger than <see cref="JsonLimits.MaxBodyBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> Read(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var cached))
        {
            return (ReadOnlyMemory<byte>?)cached;
        }

        ReadOnlyMemory<byte>? body = null;
        if (context.Request.ContentLength is null or <= JsonLimits.MaxBodyBytes)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            try
            {
                while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0 && buffer.Length + read <= JsonLimits.MaxBodyBytes)
                {
                    buffer.Write(chunk, 0, read);
                }
            }
            catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                read = 1; // Kestrel's copy of the same limit tripped first
            }

            body = read == 0 ? buffer.ToArray() : null;
        }

        context.Items[Key] = body;
        return body;
    }
}
