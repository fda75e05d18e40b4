using MediatR;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Application.Webhooks.GetById;

/// <summary><c>GET /v1/webhooks/endpoints/{id}</c> (the edge never shows the secret).</summary>
public sealed record GetWebhookEndpoint(string EndpointId) : IRequest<WebhookEndpoint>;

public sealed class GetWebhookEndpointHandler(IWebhookEndpoints endpoints) : IRequestHandler<GetWebhookEndpoint, WebhookEndpoint>
{
    public Task<WebhookEndpoint> Handle(GetWebhookEndpoint request, CancellationToken cancellationToken) =>
        endpoints.FindOrNotFound(request.EndpointId, cancellationToken);
}
