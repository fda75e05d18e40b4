using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Application.Webhooks.Update;

/// <summary><c>PATCH /v1/webhooks/endpoints/{id}</c>: each member given replaces the stored one.</summary>
public sealed record UpdateWebhookEndpoint(string EndpointId, string? Url, IReadOnlyList<string>? Events, bool? Enabled, string? Description) : IRequest<WebhookEndpoint>;

public sealed class UpdateWebhookEndpointValidator : AbstractValidator<UpdateWebhookEndpoint>
{
    public UpdateWebhookEndpointValidator()
    {
        RuleFor(c => c.Url).Satisfies(url => WebhookUrl.Check(url)).When(c => c.Url is not null);
        RuleFor(c => c.Events).Satisfies(events => WebhookEndpoint.CheckEvents(events));
        RuleFor(c => c.Description).Satisfies(WebhookEndpoint.CheckDescription);
    }
}

public sealed class UpdateWebhookEndpointHandler(ITenantContext tenant, IWebhookEndpoints endpoints, IWebhookTargets targets, IUnitOfWork unitOfWork, IClock clock)
    : IRequestHandler<UpdateWebhookEndpoint, WebhookEndpoint>
{
    public async Task<WebhookEndpoint> Handle(UpdateWebhookEndpoint request, CancellationToken cancellationToken)
    {
        var endpoint = await endpoints.FindOrNotFound(request.EndpointId, cancellationToken);
        var url = request.Url is null ? null : await targets.AllowedOrUnprocessable(request.Url, tenant, cancellationToken);
        var updated = endpoint.Update(url, request.Events, request.Enabled, request.Description, clock.GetCurrentInstant());
        endpoints.Store(updated);
        await unitOfWork.Commit(cancellationToken);
        return updated;
    }
}
