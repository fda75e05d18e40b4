namespace Scheduling.Application.Common.Exceptions;

/// <summary>The client's <c>If-Match</c> names a version that is no longer current: nothing was changed (412).</summary>
public sealed class PreconditionFailedException : Exception
{
    public PreconditionFailedException()
        : base("The resource has changed since the version in If-Match; read it again and retry.")
    {
    }

    public PreconditionFailedException(string message)
        : base(message)
    {
    }

    public PreconditionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
