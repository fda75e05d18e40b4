using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Scheduling.Infrastructure.Serialization;

namespace Scheduling.Api.Json;

/// <summary>
/// Binds a JSON request body in two steps so each failure gets its own clear problem: first the bytes must be
/// a JSON object (syntax, UTF-8, nesting depth), then each field must have the right JSON type; the errors name
/// the JSON path. Field rules come after, in the validators.
/// </summary>
public sealed class JsonBody<T>
    where T : class
{
    public const int MaxDepth = JsonLimits.MaxDepth;

    private JsonBody(T value) => Value = value;

    public T Value { get; }

    // Minimal APIs look for a static BindAsync on the parameter type itself.
#pragma warning disable CA1000
    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context)
#pragma warning restore CA1000
    {
        if (!context.Request.HasJsonContentType())
        {
            throw new RequestBodyException(
                StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Send the body as JSON with 'Content-Type: application/json'.");
        }

        var body = await RequestBody.Read(context) ?? throw TooLarge();
        if (body.Length == 0)
        {
            throw new RequestBodyException(StatusCodes.Status400BadRequest, "malformed_json", "The request body is empty; send a JSON object.");
        }

        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            throw new RequestBodyException(StatusCodes.Status400BadRequest, "malformed_json", "The request body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException exception)
        {
            throw new RequestBodyException(
                StatusCodes.Status400BadRequest,
                "malformed_json",
                $"The request body is not valid UTF-8 JSON (or nests deeper than {MaxDepth} levels) near line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RequestBodyException(StatusCodes.Status400BadRequest, "malformed_json", "The request body must be a JSON object.");
            }

            var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            try
            {
                return new JsonBody<T>(document.Deserialize<T>(options)!);
            }
            catch (JsonException exception)
            {
                var path = ToFieldPath(exception.Path);
                var message = exception switch
                {
                    JsonValueFormatException format => $"'{path}' {format.Expectation}",
                    _ when exception.Message.Contains("could not be mapped", StringComparison.Ordinal) => $"'{path}' is not a field of this request (or sits in the wrong place).",
                    _ => $"'{path}' has the wrong JSON type or format (see the API reference for its type).",
                };
                throw new RequestBodyException(
                    StatusCodes.Status400BadRequest,
                    "validation_failed",
                    "One or more fields have the wrong JSON type or are not fields of this request.",
                    new Dictionary<string, string[]> { [path] = [message] });
            }
        }
    }

    /// <summary>For endpoints whose body is optional: null when the request has no body at all.</summary>
#pragma warning disable CA1000
    public static async ValueTask<JsonBody<T>?> BindOptionalAsync(HttpContext context) =>
        context.Request.ContentLength is 0 || (context.Request.ContentLength is null && !context.Request.Headers.ContainsKey("Transfer-Encoding"))
            ? null
            : await BindAsync(context);
#pragma warning restore CA1000

    private static RequestBodyException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"The request body is larger than the {JsonLimits.MaxBodyBytes / 1024 / 1024} MiB limit.");

    private static string ToFieldPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}

/// <summary>How deep any request JSON may nest (metadata's own limit of 10 sits well inside it).</summary>
public static class JsonLimits
{
    public const int MaxDepth = 32;

    public const long MaxBodyBytes = 1024 * 1024;
}
