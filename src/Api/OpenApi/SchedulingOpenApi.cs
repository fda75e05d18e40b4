using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NodaTime;
using Scheduling.Domain.Common;

namespace Scheduling.Api.OpenApi;

/// <summary>Completes the generated OpenAPI document: NodaTime and metadata shapes, the problem shape, auth, examples.</summary>
public static class SchedulingOpenApi
{
    private const string CreateExample = """
        {
          "patientId": "p_0193c1a8e4c47a2b9f7e0d6c5b4a3f21",
          "taskId": "tsk_bloodtest",
          "windowId": "win_0193c1a8e4c47a2b9f7e0d6c5b4a3f22",
          "externalRef": "crm-123",
          "note": "Side door; ring twice.",
          "phone": "+447911123456",
          "location": { "line1": "1 High Street", "town": "London", "postcode": "SW1A 1AA", "countryCode": "GB" },
          "documentIds": [],
          "planFrom": null,
          "planTo": null,
          "metadata": { "source": "portal", "tags": ["fasting"] }
        }
        """;

    public static OpenApiOptions AddSchedulingDocument(this OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type == typeof(Instant))
            {
                Scalar(schema, "date-time", "An instant in UTC, ISO-8601 with 'Z' (2026-11-23T10:15:30Z).");
            }
            else if (type == typeof(LocalDate))
            {
                Scalar(schema, "date", "A calendar date, YYYY-MM-DD, in the organisation's time zone.");
            }
            else if (type == typeof(Metadata) || type == typeof(System.Text.Json.JsonElement))
            {
                schema.Type = JsonSchemaType.Object | JsonSchemaType.Null;
                schema.Properties?.Clear();
                schema.AdditionalPropertiesAllowed = true;
                schema.Description = "A free-form JSON object (≤ 16 KiB serialized, ≤ 10 levels deep), returned exactly as given.";
            }
            else if (type == typeof(ProblemDetails) || type == typeof(HttpValidationProblemDetails))
            {
                schema.Description = "RFC 9457 problem. 'code' is the stable machine code; 'errors' maps JSON paths to messages for field errors.";
                schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                schema.Properties["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable machine code, e.g. validation_failed, window_full." };
                schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String };
                schema.Properties["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                };
            }

            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            if (operation.OperationId == "CreateAppointment" && operation.RequestBody?.Content is { } content
                && content.TryGetValue("application/json", out var media))
            {
                media.Example = JsonNode.Parse(CreateExample);
            }

            if (context.Description.RelativePath?.StartsWith("v1", StringComparison.Ordinal) == true)
            {
                operation.Parameters ??= [];
                if (context.Description.HttpMethod == "POST")
                {
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = "Idempotency-Key",
                        In = ParameterLocation.Header,
                        Required = false,
                        Description = "1-255 printable ASCII characters; a retry with the same key and body replays the first response for 24 hours.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                    });
                }
            }

            return Task.CompletedTask;
        });

        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Scheduling API";
            document.Info.Description = "Book home visits for patients. Authenticate with 'Authorization: <key>' or 'Authorization: Bearer <key>'; "
                + "test_ keys reach test data, live_ keys live data. Errors are RFC 9457 problems with a stable 'code'.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "Authorization",
                Description = "The organisation's API key, optionally prefixed with 'Bearer '.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] });
            return Task.CompletedTask;
        });

        return options;
    }

    private static void Scalar(OpenApiSchema schema, string format, string description)
    {
        schema.Type = JsonSchemaType.String;
        schema.Format = format;
        schema.Description = description;
        schema.Properties?.Clear();
    }
}
