using MediatR;
using Scheduling.Application.Common.Exceptions;

namespace Scheduling.Infrastructure.Persistence;

/// <summary>
/// Around every command and query: a transient database failure (unreachable, timed out) becomes the
/// Application's <see cref="DatabaseUnavailableException"/>, so no layer outside Infrastructure knows Npgsql.
/// </summary>
public sealed class DatabaseErrorBehaviour<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        try
        {
            return await next();
        }
        catch (Exception exception) when (exception is not DatabaseUnavailableException && MartenUnitOfWork.IsTransient(exception))
        {
            throw new DatabaseUnavailableException("The service cannot reach its database right now; retry shortly.", exception);
        }
    }
}
