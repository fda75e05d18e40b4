using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Scheduling.Api.Idempotency;
using Scheduling.Api.Infrastructure;
using Scheduling.Api.Tenancy;

namespace Scheduling.Api.OpenApi;

/// <summary>
/// Responses and headers that the middleware, not the endpoint, produces, declared from the same endpoint metadata
/// the middleware reads, so an endpoint added later is documented the moment it is mapped:
/// anonymous endpoints have <c>security: []</c> and no 401; operations-only ones declare 403 <c>forbidden</c>; rate-limited ones declare 429 with <c>Retry-After</c>;
/// /v1 operations refuse query parameters they do not take (400, <see cref="UnknownQueryParametersMiddleware"/>);
/// authenticated POSTs (the idempotency layer) declare 400 <c>invalid_idempotency_key</c>, 409
/// <c>idempotency_key_in_use</c>, 422 <c>idempotency_key_reused</c> and <c>Idempotent-Replayed</c>; 503 carries
/// <c>Retry-After</c>.
/// </summary>
internal static class ResponseConventions
{
    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();
        var rateLimited = !anonymous && !metadata.OfType<DisableRateLimitingAttribute>().Any();
        var post = string.Equals(context.Description.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase);
        operation.Responses ??= [];
        var problem = ProblemSchema(operation, context);

        if (anonymous)
        {
            operation.Security = [];
            operation.Responses.Remove("401");
        }
        else
        {
            Problem(operation, "401", problem, "No API key, or a key that matches no organisation (code 'unauthorized').");
        }

        if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy == ApiKeyAuthenticationHandler.OperationsPolicy))
        {
            Problem(operation, "403", problem, "The API key is a client key; this operation needs an operations key of the organisation (code 'forbidden').");
        }

        if (rateLimited)
        {
            Problem(operation, "429", problem, "Too many requests for this API key (code 'rate_limited'); retry after 'Retry-After' seconds.")
                .Headers!["Retry-After"] = RetryAfter();
        }

        if (operation.Responses.TryGetValue("503", out var unavailable) && unavailable is OpenApiResponse unavailableResponse)
        {
            unavailableResponse.Headers ??= new Dictionary<string, IOpenApiHeader>();
            unavailableResponse.Headers["Retry-After"] = RetryAfter();
        }

        if (context.Description.RelativePath?.StartsWith("v1/", StringComparison.Ordinal) == true)
        {
            Problem(operation, "400", problem, "A query parameter this operation does not take (code 'validation_failed', 'errors' naming it).");
        }

        if (post && !anonymous)
        {
            Problem(operation, "400", problem, "'Idempotency-Key' is not 1-255 printable ASCII characters (code 'invalid_idempotency_key').");
            Problem(operation, "409", problem, "A request with this 'Idempotency-Key' is still running (code 'idempotency_key_in_use').");
            Problem(operation, "422", problem, "This 'Idempotency-Key' was used with a different request (code 'idempotency_key_reused').");
            foreach (var (status, response) in operation.Responses)
            {
                if (status.StartsWith('2') && response is OpenApiResponse success)
                {
                    success.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    success.Headers[IdempotencyMiddleware.ReplayedHeader] = new OpenApiHeader
                    {
                        Description = "'true' when this is the stored response to an earlier request with the same 'Idempotency-Key'.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("true")] },
                    };
                }
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiHeader RetryAfter() => new()
    {
        Description = "Seconds to wait before retrying.",
        Required = true,
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
    };

    /// <summary>Declares the problem response for a status, or adds the case to the one already declared.</summary>
    private static OpenApiResponse Problem(OpenApiOperation operation, string status, IOpenApiSchema schema, string description)
    {
        if (operation.Responses!.TryGetValue(status, out var existing) && existing is OpenApiResponse response)
        {
            // The endpoint's own cases stay first ("Conflict"), the middleware's are added to them.
            if (string.IsNullOrEmpty(response.Description))
            {
                response.Description = description;
            }
            else if (!response.Description.Contains(description, StringComparison.Ordinal))
            {
                response.Description = $"{response.Description.TrimEnd('.')}. Also: {description}";
            }
        }
        else
        {
            response = new OpenApiResponse { Description = description };
            operation.Responses[status] = response;
        }

        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        if (!response.Content.ContainsKey(Problems.ContentType))
        {
            response.Content[Problems.ContentType] = new OpenApiMediaType { Schema = schema };
        }

        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        return response;
    }

    private static IOpenApiSchema ProblemSchema(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        foreach (var response in operation.Responses!.Values)
        {
            if (response.Content?.TryGetValue(Problems.ContentType, out var media) == true && media.Schema is not null)
            {
                return media.Schema;
            }
        }

        return new OpenApiSchemaReference("ProblemDetails", context.Document);
    }
}
