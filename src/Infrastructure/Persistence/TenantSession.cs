using Marten;
using Marten.Services;
using Scheduling.Application.Common.Tenancy;

namespace Scheduling.Infrastructure.Persistence;

/// <summary>
/// The request's one Marten session, opened for the caller's tenant (conjoined tenancy: every row carries
/// the tenant id, and Marten filters by it). All ports of a request share it, so one SaveChanges commits all;
/// inside a <see cref="RequestTransaction"/> it only stages, and the transaction's owner commits.
/// </summary>
public sealed class TenantSession(IDocumentStore store, ITenantContext tenant, RequestTransaction transaction) : IAsyncDisposable
{
    private IDocumentSession? session;

    public IDocumentSession Session => session ??= Open();

    public async ValueTask DisposeAsync()
    {
        if (session is not null)
        {
            await session.DisposeAsync();
        }
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
