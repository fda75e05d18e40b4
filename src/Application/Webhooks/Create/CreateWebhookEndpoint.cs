using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Common;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Application.Webhooks.Create;

/// <summary><c>POST /v1/webhooks/endpoints</c>: the answer carries the new secret, the only time besides a rotation.</summary>
public sealed record CreateWebhookEndpoint(string Url, IReadOnlyList<string>? Events, string? Description) : IRequest<WebhookEndpoint>;

public sealed class CreateWebhookEndpointValidator : AbstractValidator<CreateWebhookEndpoint>
{
    public CreateWebhookEndpointValidator()
    {
        RuleFor(c => c.Url).Satisfies(url => WebhookUrl.Check(url));
        RuleFor(c => c.Events).Satisfies(events => WebhookEndpoint.CheckEvents(events));
        RuleFor(c => c.Description).Satisfies(WebhookEndpoint.CheckDescription);
    }
}

public sealed class CreateWebhookEndpointHandler(ITenantContext tenant, IWebhookEndpoints endpoints, IWebhookTargets targets, IUnitOfWork unitOfWork, IClock clock)
    : IRequestHandler<CreateWebhookEndpoint, WebhookEndpoint>
{
    public async Task<WebhookEndpoint> Handle(CreateWebhookEndpoint request, CancellationToken cancellationToken)
    {
        var url = await targets.AllowedOrUnprocessable(request.Url, tenant, cancellationToken);
        var now = clock.GetCurrentInstant();
        var endpoint = WebhookEndpoint.Register(
            EntityId.Generate(WebhookEndpoint.IdPrefix, now), url, request.Events, request.Description, WebhookSecret.Generate(), now);
        endpoints.Store(endpoint);
        await unitOfWork.Commit(cancellationToken);
        return endpoint;
    }
}
