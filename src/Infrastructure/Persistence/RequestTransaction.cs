using Npgsql;

namespace Scheduling.Infrastructure.Persistence;

/// <summary>
/// The request's own database transaction, when it has one (a request with an Idempotency-Key): the Marten
/// session enlists in it and does not commit, so the owner commits the business change and the stored response
/// together. Requests without one use Marten's own per-SaveChanges transaction.
/// </summary>
public sealed class RequestTransaction
{
    public NpgsqlTransaction? Current { get; private set; }

    internal void Use(NpgsqlTransaction transaction) =>
        Current = Current is null ? transaction : throw new InvalidOperationException("The request already has a transaction.");

    internal void Clear() => Current = null;
}
