using MediatR;
using NodaTime;
using Scheduling.Application.Common.Persistence;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Application.Webhooks.RotateSecret;

/// <summary><c>POST /v1/webhooks/endpoints/{id}/rotate-secret</c>: a new secret; the old one signs beside it for 24 h (<see cref="WebhookRotationPolicy"/>).</summary>
public sealed record RotateWebhookSecret(string EndpointId) : IRequest<WebhookEndpoint>;

public sealed class RotateWebhookSecretHandler(IWebhookEndpoints endpoints, IUnitOfWork unitOfWork, IClock clock, WebhookRotationPolicy policy) : IRequestHandler<RotateWebhookSecret, WebhookEndpoint>
{
    public async Task<WebhookEndpoint> Handle(RotateWebhookSecret request, CancellationToken cancellationToken)
    {
        var endpoint = await endpoints.FindOrNotFound(request.EndpointId, cancellationToken);
        var rotated = endpoint.RotateSecret(WebhookSecret.Generate(), clock.GetCurrentInstant(), policy.Overlap);
        endpoints.Store(rotated);
        await unitOfWork.Commit(cancellationToken);
        return rotated;
    }
}
