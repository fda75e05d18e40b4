namespace Scheduling.Application.Common.Persistence;

/// <summary>Commits everything the ports staged in this request, in one database transaction.</summary>
public interface IUnitOfWork
{
    Task Commit(CancellationToken cancellationToken);
}
