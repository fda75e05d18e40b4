using MediatR;
using NodaTime;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Webhooks.SendTest;

/// <summary><c>POST /v1/webhooks/endpoints/{id}/test</c>: queues a signed <c>webhook.test</c> event to this endpoint.</summary>
public sealed record SendTestWebhook(string EndpointId) : IRequest<WebhookDelivery>;

public sealed class SendTestWebhookHandler(IWebhookEndpoints endpoints, IWebhookDeliveries deliveries, IWebhookPayloads payloads, IClock clock)
    : IRequestHandler<SendTestWebhook, WebhookDelivery>
{
    public async Task<WebhookDelivery> Handle(SendTestWebhook request, CancellationToken cancellationToken)
    {
        var endpoint = await endpoints.FindOrNotFound(request.EndpointId, cancellationToken);
        var now = clock.GetCurrentInstant();
        var eventId = EntityId.Generate(WebhookEvents.EventIdPrefix, now);
        return await deliveries.Enqueue(endpoint, eventId, WebhookEvents.TestType, payloads.TestEvent(eventId, endpoint.Id, now), cancellationToken);
    }
}
