using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Scheduling.Api.OpenApi;

/// <summary>Health endpoints answer 200 with the text 'Healthy'; the endpoints return IResult, so the document is told here.</summary>
internal static class HealthResponses
{
    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.RelativePath?.StartsWith("health/", StringComparison.Ordinal) != true)
        {
            return Task.CompletedTask;
        }

        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = "Healthy.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("Healthy")] } },
            },
        };
        return Task.CompletedTask;
    }
}
