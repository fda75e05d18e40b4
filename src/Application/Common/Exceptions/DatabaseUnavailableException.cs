namespace Scheduling.Application.Common.Exceptions;

/// <summary>The database could not be reached or timed out (transient): nothing was accepted, the caller may retry (503).</summary>
public sealed class DatabaseUnavailableException : Exception
{
    public DatabaseUnavailableException()
        : base("The service cannot reach its database right now; retry shortly.")
    {
    }

    public DatabaseUnavailableException(string message)
        : base(message)
    {
    }

    public DatabaseUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
