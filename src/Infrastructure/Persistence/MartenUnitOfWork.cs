using JasperFx;
using JasperFx.Events;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Persistence;

namespace Scheduling.Infrastructure.Persistence;

public sealed class MartenUnitOfWork(TenantSession tenantSession) : IUnitOfWork
{
    public async Task Commit(CancellationToken cancellationToken)
    {
        try
        {
            await tenantSession.Session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is ConcurrencyException or EventStreamUnexpectedMaxEventIdException)
        {
            throw new ConcurrencyConflictException("The resource was changed by another request; read it again and retry.", exception);
        }
    }
}
