using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Scheduling.Api.Contracts;
using Scheduling.Api.Json;
using Scheduling.Api.OpenApi;
using Scheduling.Application.Common.Listing;
using Scheduling.Application.Webhooks.Delete;
using Scheduling.Application.Webhooks.Deliveries;
using Scheduling.Application.Webhooks.GetById;
using Scheduling.Application.Webhooks.List;
using Scheduling.Application.Webhooks.Retry;
using Scheduling.Application.Webhooks.RotateSecret;
using Scheduling.Application.Webhooks.SendTest;

namespace Scheduling.Api.Endpoints;

public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/webhooks").WithTags("Webhooks").RequireAuthorization();

        group.MapPost("/endpoints", Create)
            .WithName("CreateWebhookEndpoint")
            .WithSummary("Register a webhook endpoint (the secret is returned only here and by rotate-secret)")
            .Accepts<CreateWebhookEndpointRequest>("application/json")
            .ProducesCommonProblems(400, 413, 415, 422);

        group.MapGet("/endpoints", List)
            .WithName("ListWebhookEndpoints")
            .WithSummary("List the webhook endpoints")
            .ProducesCommonProblems();

        group.MapGet("/endpoints/{id}", GetById)
            .WithName("GetWebhookEndpoint")
            .WithSummary("Get a webhook endpoint")
            .ProducesCommonProblems(404);

        group.MapPatch("/endpoints/{id}", Update)
            .WithName("UpdateWebhookEndpoint")
            .WithSummary("Change a webhook endpoint's url, events, enabled or description")
            .Accepts<UpdateWebhookEndpointRequest>("application/json")
            .ProducesCommonProblems(400, 404, 413, 415, 422);

        group.MapDelete("/endpoints/{id}", Delete)
            .WithName("DeleteWebhookEndpoint")
            .WithSummary("Delete a webhook endpoint and its deliveries")
            .ProducesCommonProblems(404);

        group.MapPost("/endpoints/{id}/rotate-secret", RotateSecret)
            .WithName("RotateWebhookSecret")
            .WithSummary("Issue a new signing secret; the previous one keeps signing beside it for 24 hours")
            .ProducesCommonProblems(404);

        group.MapPost("/endpoints/{id}/test", SendTest)
            .WithName("SendTestWebhook")
            .WithSummary("Send a signed webhook.test event to the endpoint")
            .ProducesCommonProblems(404);

        group.MapGet("/endpoints/{id}/deliveries", Deliveries)
            .WithName("ListWebhookDeliveries")
            .WithSummary("List an endpoint's deliveries, newest first, with their attempts")
            .WithQuery(
                QueryParameter.Text("status", "Only deliveries in this state.", values: ["pending", "delivered", "failed"]),
                QueryParameter.Limit(ListPaging.MaxLimit, ListPaging.DefaultLimit),
                QueryParameter.CursorOf(Domain.Common.EntityId.Pattern(Application.Webhooks.WebhookEvents.DeliveryIdPrefix)))
            .ProducesCommonProblems(400, 404);

        group.MapPost("/deliveries/{id}/retry", Retry)
            .WithName("RetryWebhookDelivery")
            .WithSummary("Send a delivery again now")
            .ProducesCommonProblems(404);

        return app;
    }

    private static async Task<Created<WebhookEndpointWithSecretResponse>> Create(JsonBody<CreateWebhookEndpointRequest> body, IMediator mediator, CancellationToken cancellationToken)
    {
        var endpoint = WebhookEndpointWithSecretResponse.From(await mediator.Send(body.Value.ToCommand(), cancellationToken));
        return TypedResults.Created($"/v1/webhooks/endpoints/{endpoint.Id}", endpoint);
    }

    private static async Task<Ok<WebhookEndpointListResponse>> List(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(new WebhookEndpointListResponse([.. (await mediator.Send(new ListWebhookEndpoints(), cancellationToken)).Select(WebhookEndpointResponse.From)]));

    private static async Task<Ok<WebhookEndpointResponse>> GetById(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(WebhookEndpointResponse.From(await mediator.Send(new GetWebhookEndpoint(id), cancellationToken)));

    private static async Task<Ok<WebhookEndpointResponse>> Update(string id, JsonBody<UpdateWebhookEndpointRequest> body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(WebhookEndpointResponse.From(await mediator.Send(body.Value.ToCommand(id), cancellationToken)));

    private static async Task<NoContent> Delete(string id, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteWebhookEndpoint(id), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WebhookEndpointWithSecretResponse>> RotateSecret(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(WebhookEndpointWithSecretResponse.From(await mediator.Send(new RotateWebhookSecret(id), cancellationToken)));

    private static async Task<Accepted<WebhookDeliveryResponse>> SendTest(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Accepted((string?)null, WebhookDeliveryResponse.From(await mediator.Send(new SendTestWebhook(id), cancellationToken)));

    private static async Task<Ok<WebhookDeliveryPageResponse>> Deliveries(string id, string? status, string? cursor, string? limit, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(WebhookDeliveryPageResponse.From(await mediator.Send(new ListWebhookDeliveries(id, status, cursor, limit), cancellationToken)));

    private static async Task<Accepted<WebhookDeliveryResponse>> Retry(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Accepted((string?)null, WebhookDeliveryResponse.From(await mediator.Send(new RetryWebhookDelivery(id), cancellationToken)));
}
