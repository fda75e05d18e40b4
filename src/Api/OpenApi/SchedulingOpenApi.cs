using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Scheduling.Api.OpenApi;

/// <summary>Completes the generated OpenAPI document: NodaTime and metadata shapes, the problem shape, auth, examples.</summary>
public static class SchedulingOpenApi
{
    public static OpenApiOptions AddSchedulingDocument(this OpenApiOptions options)
    {
        options.CreateSchemaReferenceId = TypeSchemas.ReferenceId;
        options.AddSchemaTransformer(TypeSchemas.Transform);
        options.AddSchemaTransformer(RequestSchemas.Transform);
        options.AddOperationTransformer(ResponseConventions.Transform);
        options.AddOperationTransformer(HealthResponses.Transform);
        options.AddOperationTransformer(QueryParameter.Transform);
        options.AddOperationTransformer(PathIds.Transform);

        options.AddOperationTransformer((operation, context, _) =>
        {
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
                        // HTTP trims a header value's outer spaces, so a key neither starts nor ends with one.
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255, Pattern = "^[!-~]([ -~]*[!-~])?$" },
                    });
                }
            }

            return Task.CompletedTask;
        });

        options.AddDocumentTransformer(RequestSchemas.Finish);
        options.AddDocumentTransformer(ResourceHeaders.Transform);
        options.AddDocumentTransformer(RequestExamples.Transform);
        options.AddDocumentTransformer((document, _, _) =>
        {
            // Generators join paths to the server URL: 'http://host/' + '/v1/…' would give a double slash.
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }

            // A component used only through nullable properties is emitted nullable, but every such use is already
            // wrapped as oneOf [null, $ref]; a null inside the component too would match both branches of that oneOf.
            foreach (var component in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
            {
                if (component.Enum is { Count: > 0 } values && component.Type is { } type && type.HasFlag(JsonSchemaType.Null))
                {
                    component.Type = type & ~JsonSchemaType.Null;
                    component.Enum = [.. values.Where(value => value is not null)];
                }
            }

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
}
