using FluentValidation;
using MediatR;
using Scheduling.Application.Common.Listing;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Webhooks.Deliveries;

/// <summary><c>GET /v1/webhooks/endpoints/{id}/deliveries?status=&amp;cursor=&amp;limit=</c>: newest first, with their attempts.</summary>
public sealed record ListWebhookDeliveries(string EndpointId, string? Status, string? Cursor, string? Limit) : IRequest<WebhookDeliveryPage>;

public sealed class ListWebhookDeliveriesValidator : AbstractValidator<ListWebhookDeliveries>
{
    public ListWebhookDeliveriesValidator()
    {
        RuleFor(q => q.Status).Satisfies(status => ParseStatus(status, out _)
            ? null
            : RuleViolation.Invalid("status", "'status' must be one of 'pending', 'delivered', 'failed'."));
        RuleFor(q => q.Cursor).Satisfies(cursor => cursor is null || EntityId.IsValid(cursor, WebhookEvents.DeliveryIdPrefix)
            ? null
            : RuleViolation.Invalid("cursor", "'cursor' must be a value returned as 'nextCursor'."));
        RuleFor(q => q.Limit).Satisfies(limit => ListPaging.ParseLimit(limit) is null
            ? RuleViolation.Invalid("limit", $"'limit' must be a whole number from 1 to {ListPaging.MaxLimit}.")
            : null);
    }

    public static bool ParseStatus(string? value, out WebhookDeliveryStatus? status)
    {
        status = value switch
        {
            "pending" => WebhookDeliveryStatus.Pending,
            "delivered" => WebhookDeliveryStatus.Delivered,
            "failed" => WebhookDeliveryStatus.Failed,
            _ => null,
        };
        return value is null || status is not null;
    }
}

public sealed class ListWebhookDeliveriesHandler(IWebhookEndpoints endpoints, IWebhookDeliveries deliveries) : IRequestHandler<ListWebhookDeliveries, WebhookDeliveryPage>
{
    public async Task<WebhookDeliveryPage> Handle(ListWebhookDeliveries request, CancellationToken cancellationToken)
    {
        var endpoint = await endpoints.FindOrNotFound(request.EndpointId, cancellationToken);
        ListWebhookDeliveriesValidator.ParseStatus(request.Status, out var status);
        return await deliveries.List(endpoint.Id, status, request.Cursor, ListPaging.ParseLimit(request.Limit)!.Value, cancellationToken);
    }
}
