using Marten;
using Marten.Services;
using Scheduling.Application.Common.Audit;
using Scheduling.Application.Common.Tenancy;

namespace Scheduling.Infrastructure.Persistence;

/// <summary>
/// The request's one Marten session, opened for the caller's tenant (conjoined tenancy: every row carries
/// the tenant id, and Marten filters by it). All ports of a request share it, so one SaveChanges commits all;
/// inside a <see cref="RequestTransaction"/> it only stages, and the transaction's owner commits.
/// </summary>
public sealed class TenantSession(IDocumentStore store, ITenantContext tenant, RequestTransaction transaction, IAuditContext audit) : IAsyncDisposable
{
    private IDocumentSession? session;

    public IDocumentSession Session => session ??= WithAuditMetadata(Open());

    public async ValueTask DisposeAsync()
    {
        if (session is not null)
        {
            await session.DisposeAsync();
        }
    }

    /// <summary>Who and which request: stored on every event this session appends (Marten metadata, not event bodies).</summary>
    public const string ActorHeader = "actor";

    private IDocumentSession WithAuditMetadata(IDocumentSession opened)
    {
        opened.CorrelationId = audit.CorrelationId;
        opened.SetHeader(ActorHeader, audit.Actor);
        return opened;
    }

    private IDocumentSession Open()
    {
        if (transaction.Current is not { } current)
        {
            return store.LightweightSession(tenant.TenantId);
        }

        var options = SessionOptions.ForTransaction(current, shouldAutoCommit: false);
        options.TenantId = tenant.TenantId;
        return store.LightweightSession(options);
    }
}
