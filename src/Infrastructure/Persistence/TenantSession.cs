using Marten;
using Scheduling.Application.Common.Tenancy;

namespace Scheduling.Infrastructure.Persistence;

/// <summary>
/// The request's one Marten session, opened for the caller's tenant (conjoined tenancy: every row carries
/// the tenant id, and Marten filters by it). All ports of a request share it, so one SaveChanges commits all.
/// </summary>
public sealed class TenantSession(IDocumentStore store, ITenantContext tenant) : IAsyncDisposable
{
    private IDocumentSession? session;

    public IDocumentSession Session => session ??= store.LightweightSession(tenant.TenantId);

    public async ValueTask DisposeAsync()
    {
        if (session is not null)
        {
            await session.DisposeAsync();
        }
    }
}
