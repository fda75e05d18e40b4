namespace Scheduling.Application.Common.Exceptions;

/// <summary>Another request changed the same stream first (optimistic concurrency); the caller may retry (409).</summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException()
        : base("The resource was changed by another request; read it again and retry.")
    {
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
