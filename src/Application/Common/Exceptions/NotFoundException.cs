namespace Scheduling.Application.Common.Exceptions;

/// <summary>The addressed resource does not exist in the caller's tenant (404; never says whether it exists elsewhere).</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException(string resource, string id)
        : base($"{resource} '{id}' was not found.")
    {
        Code = $"{resource.ToLowerInvariant()}_not_found";
    }

    public NotFoundException()
        : this("resource", string.Empty)
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
        Code = "not_found";
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "not_found";
    }

    public string Code { get; }
}
