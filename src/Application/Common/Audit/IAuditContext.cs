namespace Scheduling.Application.Common.Audit;

/// <summary>Through which channel a change was made (stored with every event, never inside its body).</summary>
public enum ActorKind
{
    ApiKey,
    BookingPage,
    Operations,
    System,
}

/// <summary>Who made a change: the kind, and for API keys a stable key identifier (a hash prefix, never the key).</summary>
public sealed record Actor(ActorKind Kind, string? KeyId = null);

/// <summary>The request's audit facts, written as event metadata by the event store.</summary>
public interface IAuditContext
{
    Actor Actor { get; }

    /// <summary>The request's W3C trace id (32 hex digits): the same in problem responses, logs and the events.</summary>
    string? CorrelationId { get; }
}
