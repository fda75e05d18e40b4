using Marten;
using Scheduling.Application.Webhooks;
using Scheduling.Domain.Webhooks;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Webhooks;

public sealed class MartenWebhookEndpoints(TenantSession tenantSession) : IWebhookEndpoints
{
    public Task<WebhookEndpoint?> Find(string endpointId, CancellationToken cancellationToken) =>
        tenantSession.Session.LoadAsync<WebhookEndpoint>(endpointId, cancellationToken);

    public async Task<IReadOnlyList<WebhookEndpoint>> List(CancellationToken cancellationToken) =>
        await tenantSession.Session.Query<WebhookEndpoint>().OrderBy(e => e.Id).ToListAsync(cancellationToken);

    public void Store(WebhookEndpoint endpoint) => tenantSession.Session.Store(endpoint);

    public void Delete(string endpointId)
    {
        var session = tenantSession.Session;
        session.Delete<WebhookEndpoint>(endpointId);
        session.QueueSqlCommand($"delete from {WebhookTables.Deliveries} where tenant_id = ? and endpoint_id = ?", session.TenantId, endpointId);
        session.QueueSqlCommand($"delete from {WebhookTables.Health} where tenant_id = ? and endpoint_id = ?", session.TenantId, endpointId);
    }
}
