using Scheduling.Application.Common.Tenancy;
using Scheduling.Domain.Common;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Application.Webhooks;

/// <summary>The steps the webhook commands share: find the endpoint or 404, check a URL's target or 422.</summary>
public static class WebhookLookups
{
    public static async Task<WebhookEndpoint> FindOrNotFound(this IWebhookEndpoints endpoints, string endpointId, CancellationToken cancellationToken) =>
        (EntityId.IsValid(endpointId, WebhookEndpoint.IdPrefix) ? await endpoints.Find(endpointId, cancellationToken) : null)
        ?? throw DomainException.NotFound("webhook_endpoint_not_found", $"Webhook endpoint '{endpointId}' was not found.");

    /// <summary>Scheme and host by the tenant's mode, and every address the host resolves to (422 <c>invalid_webhook_url</c>).</summary>
    public static async Task<Uri> AllowedOrUnprocessable(this IWebhookTargets targets, string url, ITenantContext tenant, CancellationToken cancellationToken)
    {
        var uri = new Uri(url, UriKind.Absolute);
        var testMode = tenant.Mode == TenantMode.Test;
        var refusal = WebhookUrl.RefusalOf(uri, testMode) ?? await targets.Refusal(uri, testMode, cancellationToken);
        return refusal is null ? uri : throw DomainException.Unprocessable(WebhookUrl.InvalidCode, refusal);
    }
}
