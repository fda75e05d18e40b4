namespace Scheduling.Application.Common.Idempotency;

/// <summary>A stored first response, replayed for retries with the same key and body.</summary>
public sealed record StoredResponse(int Status, string? ContentType, string? Location, byte[] Body, string? ETag = null);

/// <summary>What happened when a request tried to claim its idempotency key.</summary>
public abstract record IdempotencyClaim
{
    /// <summary>The key is now ours: run the request inside <see cref="IIdempotencyStore.Begin"/>.</summary>
    public sealed record Claimed : IdempotencyClaim;

    /// <summary>The first request with this key finished: replay its response.</summary>
    public sealed record Replay(StoredResponse Response) : IdempotencyClaim;

    /// <summary>The first request with this key is still running.</summary>
    public sealed record InUse : IdempotencyClaim;

    /// <summary>The key was used with a different request.</summary>
    public sealed record Reused : IdempotencyClaim;
}

/// <summary>
/// Idempotency keys, per tenant, for 24 hours. A claimed request runs inside <see cref="Begin"/>: the business
/// change and the stored response commit in one transaction, so a crash can never leave a change without its
/// response (a retry that re-runs it) or a response without its change.
/// </summary>
public interface IIdempotencyStore
{
    Task<IdempotencyClaim> Claim(string tenantId, string key, byte[] fingerprint, CancellationToken cancellationToken);

    /// <summary>Opens the request's transaction: every unit of work of this request commits into it, and nothing is durable until <see cref="IIdempotentRequest.Commit"/>.</summary>
    Task<IIdempotentRequest> Begin(string tenantId, string key, CancellationToken cancellationToken);

    /// <summary>Frees the key after a failure that accepted nothing (5xx), so the client's retry runs again. Never frees a completed key.</summary>
    Task Release(string tenantId, string key, CancellationToken cancellationToken);
}

/// <summary>A claimed request's transaction. Disposing it without <see cref="Commit"/> rolls everything back.</summary>
public interface IIdempotentRequest : IAsyncDisposable
{
    /// <summary>Stores <paramref name="response"/> for the key and commits it together with the request's business change.</summary>
    Task Commit(StoredResponse response, CancellationToken cancellationToken);

    /// <summary>Rolls back whatever the request staged and stores <paramref name="response"/> on its own (a refusal that changed nothing).</summary>
    Task CommitRefusal(StoredResponse response, CancellationToken cancellationToken);
}
