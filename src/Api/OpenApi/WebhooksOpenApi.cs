using Marten;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scheduling.Api.Contracts;
using Scheduling.Application.Webhooks;

namespace Scheduling.Api.OpenApi;

/// <summary>
/// The OpenAPI 3.1 <c>webhooks</c> entry: one per appointment event type the event store maps (so a new type appears
/// without a change here) and one for <c>webhook.test</c>, each a signed POST of its body schema.
/// </summary>
public static class WebhooksOpenApi
{
    public static OpenApiOptions AddWebhooksDocument(this OpenApiOptions options) =>
        options.AddDocumentTransformer(async (document, context, cancellationToken) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[nameof(AppointmentWebhookEvent)] = await context.GetOrCreateSchemaAsync(typeof(AppointmentWebhookEvent), null, cancellationToken);
            document.Components.Schemas[nameof(TestWebhookEvent)] = await context.GetOrCreateSchemaAsync(typeof(TestWebhookEvent), null, cancellationToken);

            var store = context.ApplicationServices.GetRequiredService<IDocumentStore>();
            var types = store.Options.Events.AllKnownEventTypes().Select(e => e.EventTypeName).Where(n => n.StartsWith("appointment.", StringComparison.Ordinal)).Order();
            document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
            foreach (var type in types)
            {
                document.Webhooks[type] = Post(document, nameof(AppointmentWebhookEvent), $"'{type}': the appointment as of this event in data.appointment (discard a body whose version is older than one already seen).");
            }

            document.Webhooks[WebhookEvents.TestType] = Post(document, nameof(TestWebhookEvent), "Sent by POST /v1/webhooks/endpoints/{id}/test.");
        });

    private static OpenApiPathItem Post(OpenApiDocument document, string schema, string description) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Post] = new()
            {
                Summary = description,
                Description = "Signed with Standard Webhooks: 'webhook-id' (the event id, the same on every retry), 'webhook-timestamp' (Unix seconds) and "
                    + "'webhook-signature' ('v1,' + base64 HMAC-SHA256 of '{id}.{timestamp}.{body}' with the secret's bytes; space-separated while two secrets are active). "
                    + "Answer 2xx within 10 s; anything else is retried (docs/webhooks.md).",
                Parameters =
                [
                    Header("webhook-id", "The event id (evt_…), the same on every retry of this event."),
                    Header("webhook-timestamp", "Unix seconds when this attempt was signed."),
                    Header("webhook-signature", "One 'v1,<base64>' per active secret, space-separated."),
                ],
                RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(schema, document) } },
                },
                Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse { Description = "Received (any 2xx). 410 disables the endpoint; anything else is retried." },
                },
            },
        },
    };

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = true,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
