using MediatR;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Webhooks.Retry;

/// <summary><c>POST /v1/webhooks/deliveries/{id}/retry</c>: due now, whatever its status (still in its appointment's order).</summary>
public sealed record RetryWebhookDelivery(string DeliveryId) : IRequest<WebhookDelivery>;

public sealed class RetryWebhookDeliveryHandler(IWebhookDeliveries deliveries) : IRequestHandler<RetryWebhookDelivery, WebhookDelivery>
{
    public async Task<WebhookDelivery> Handle(RetryWebhookDelivery request, CancellationToken cancellationToken) =>
        (EntityId.IsValid(request.DeliveryId, WebhookEvents.DeliveryIdPrefix) ? await deliveries.Retry(request.DeliveryId, cancellationToken) : null)
        ?? throw DomainException.NotFound("webhook_delivery_not_found", $"Webhook delivery '{request.DeliveryId}' was not found.");
}
