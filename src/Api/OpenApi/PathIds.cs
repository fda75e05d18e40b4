using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scheduling.Application.Webhooks;
using Scheduling.Domain.Common;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Api.OpenApi;

/// <summary>
/// A resource's <c>{id}</c> in a path carries the id's prefix pattern (<see cref="EntityId.Pattern"/>), as request
/// members naming the same resources do. An id of another shape can never exist, so the server answers it 404.
/// OpenApiDocumentTests fails for a new <c>{id}</c> route missing here.
/// </summary>
internal static class PathIds
{
    private static readonly (string Route, string Prefix)[] Resources =
    [
        ("v1/patients/{id}", IdPrefix.Patient),
        ("v1/appointments/{id}", IdPrefix.Appointment),
        ("v1/webhooks/endpoints/{id}", WebhookEndpoint.IdPrefix),
        ("v1/webhooks/deliveries/{id}", WebhookEvents.DeliveryIdPrefix),
    ];

    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var route = context.Description.RelativePath ?? string.Empty;
        if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.In == ParameterLocation.Path && p.Name == "id") is not { } id
            || Array.Find(Resources, r => route == r.Route || route.StartsWith(r.Route + "/", StringComparison.Ordinal)) is not { Prefix: { } prefix })
        {
            return Task.CompletedTask;
        }

        id.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            MinLength = prefix.Length + 1,
            MaxLength = prefix.Length + EntityId.MaxBodyLength,
            Pattern = EntityId.Pattern(prefix),
        };
        return Task.CompletedTask;
    }
}
