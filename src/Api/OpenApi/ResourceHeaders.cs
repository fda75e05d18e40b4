using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Scheduling.Api.OpenApi;

/// <summary>
/// Headers that follow from the resources, read off the finished document so a new endpoint is covered without code:
/// a 201 carries <c>Location</c> when the created resource has a <c>GET …/{id}</c> to point at (a window has none);
/// every response with a single appointment carries its <c>ETag</c>, and every change to an existing appointment
/// (a non-GET on <c>…/{id}</c> answering one) takes <c>If-Match</c>.
/// </summary>
internal static class ResourceHeaders
{
    private const string Appointment = "AppointmentResponse";

    public static Task Transform(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var paths = document.Paths ?? [];
        foreach (var (path, item) in paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                foreach (var (status, response) in operation.Responses ?? [])
                {
                    if (response is not OpenApiResponse concrete)
                    {
                        continue;
                    }

                    if (status == "201" && paths.TryGetValue(path.TrimEnd('/') + "/{id}", out var resource) && resource.Operations?.ContainsKey(HttpMethod.Get) == true)
                    {
                        Header(concrete, "Location", "The created resource: " + path.TrimEnd('/') + "/{id}.");
                    }

                    if (status.StartsWith('2') && IsAppointment(concrete))
                    {
                        Header(concrete, "ETag", "The appointment's version, \"<version>\"; send it back in 'If-Match' to change only this version.", "^(W/)?\"[0-9]+\"$");
                        if (method != HttpMethod.Get && path.Contains("{id}", StringComparison.Ordinal))
                        {
                            IfMatch(operation);
                        }
                    }
                }
            }
        }

        return Task.CompletedTask;
    }

    private static bool IsAppointment(OpenApiResponse response) =>
        response.Content?.Values.Any(media => media.Schema is OpenApiSchemaReference { Reference.Id: Appointment }) == true;

    private static void Header(OpenApiResponse response, string name, string description, string? pattern = null)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader
        {
            Description = description,
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = pattern },
        };
    }

    private static void IfMatch(OpenApiOperation operation)
    {
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => p.Name == "If-Match"))
        {
            return;
        }

        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-Match",
            In = ParameterLocation.Header,
            Required = false,
            Description = "The appointment's ETag (\"3\", W/\"3\") or *: the change is made only to that version, else 412 'precondition_failed'.",
            // Versions.IfMatch reads these forms; anything else can never match (412).
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^(\\*|(W/)?\"[0-9]+\")$" },
        });
    }
}
