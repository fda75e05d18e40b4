using System.Text.RegularExpressions;
using JasperFx;
using JasperFx.Events;
using Npgsql;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Patients;
using Scheduling.Infrastructure.Patients;

namespace Scheduling.Infrastructure.Persistence;

/// <summary>Commits the request's session and turns storage failures into the Application's own exceptions.</summary>
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
        catch (Exception exception) when (PatientGuard.MissingPatient(exception) is { } patientId)
        {
            throw PatientNotFound.For(patientId);
        }
        catch (Exception exception) when (IsTransient(exception))
        {
            throw new DatabaseUnavailableException("The service cannot reach its database right now; retry shortly.", exception);
        }
    }

    /// <summary>
    /// An unreachable or timed-out database, anywhere in the exception chain: nothing was accepted, a retry may work.
    /// A regular expression's match timeout is a <see cref="TimeoutException"/> too, but not the database's: it must
    /// not be reported as 503 "cannot reach its database" (issue 14).
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException { IsTransient: true } or (TimeoutException and not RegexMatchTimeoutException) or System.Net.Sockets.SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
