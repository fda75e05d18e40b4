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
        // The bodies only this endpoint's deliveries use go with them (a rare, tenant-wide anti-join: no index by event).
        session.QueueSqlCommand(
            $"""
            delete from {WebhookTables.Bodies} b using {WebhookTables.Deliveries} d
            where d.tenant_id = ? and d.endpoint_id = ?
              and b.tenant_id = d.tenant_id and b.subject_id = d.subject_id and b.event_id = d.event_id
              and not exists (
                  select 1 from {WebhookTables.Deliveries} o
                  where o.tenant_id = b.tenant_id and o.subject_id = b.subject_id and o.event_id = b.event_id and o.endpoint_id <> d.endpoint_id)
            """,
            session.TenantId,
            endpointId);
        session.QueueSqlCommand($"delete from {WebhookTables.Deliveries} where tenant_id = ? and endpoint_id = ?", session.TenantId, endpointId);
        session.QueueSqlCommand($"delete from {WebhookTables.Health} where tenant_id = ? and endpoint_id = ?", session.TenantId, endpointId);
    }
}
