using MediatR;
using Scheduling.Application.Common.Persistence;

namespace Scheduling.Application.Webhooks.Delete;

/// <summary><c>DELETE /v1/webhooks/endpoints/{id}</c>: the endpoint and its pending deliveries go together.</summary>
public sealed record DeleteWebhookEndpoint(string EndpointId) : IRequest;

public sealed class DeleteWebhookEndpointHandler(IWebhookEndpoints endpoints, IUnitOfWork unitOfWork) : IRequestHandler<DeleteWebhookEndpoint>
{
    public async Task<Unit> Handle(DeleteWebhookEndpoint request, CancellationToken cancellationToken)
    {
        var endpoint = await endpoints.FindOrNotFound(request.EndpointId, cancellationToken);
        endpoints.Delete(endpoint.Id);
        await unitOfWork.Commit(cancellationToken);
        return Unit.Value;
    }
}
