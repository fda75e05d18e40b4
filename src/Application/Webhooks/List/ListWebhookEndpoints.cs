using MediatR;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Application.Webhooks.List;

/// <summary><c>GET /v1/webhooks/endpoints</c>: the tenant's endpoints, oldest first.</summary>
public sealed record ListWebhookEndpoints : IRequest<IReadOnlyList<WebhookEndpoint>>;

public sealed class ListWebhookEndpointsHandler(IWebhookEndpoints endpoints) : IRequestHandler<ListWebhookEndpoints, IReadOnlyList<WebhookEndpoint>>
{
    public Task<IReadOnlyList<WebhookEndpoint>> Handle(ListWebhookEndpoints request, CancellationToken cancellationToken) => endpoints.List(cancellationToken);
}
