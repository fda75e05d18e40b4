namespace Scheduling.Api.Json;

/// <summary>The request body could not become a command: not JSON, wrong media type, wrong JSON types.</summary>
public sealed class RequestBodyException : Exception
{
    public RequestBodyException(int status, string code, string message, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(message)
    {
        Status = status;
        Code = code;
        Errors = errors;
    }

    public RequestBodyException()
        : this(StatusCodes.Status400BadRequest, "malformed_json", "The request body is not valid JSON.")
    {
    }

    public RequestBodyException(string message)
        : this(StatusCodes.Status400BadRequest, "malformed_json", message)
    {
    }

    public RequestBodyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = StatusCodes.Status400BadRequest;
        Code = "malformed_json";
    }

    public int Status { get; }

    public string Code { get; }

    public IReadOnlyDictionary<string, string[]>? Errors { get; }
}
