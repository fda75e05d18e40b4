using Microsoft.AspNetCore.Diagnostics;
using Scheduling.Api.Json;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Domain.Common;

namespace Scheduling.Api.Infrastructure;

/// <summary>
/// The one place exceptions become problem responses: field rules 400, missing 404, state conflicts 409,
/// stateful rules 422, an unreachable database 503, anything else a bare 500 with a trace id and no internals.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, title, detail, errors) = Map(exception);
        if (status >= 500)
        {
            // Exception types (with SQLSTATE) and stacks only: messages of data-access exceptions can carry values.
            // The causes are named too: a 503 is a wrapper, and what it wraps (pool timeout, socket, deadlock) is the diagnosis.
            logger.LogError(
                "Request failed with {Status} {Code}: {ExceptionType}, caused by {Causes}\n{StackTrace}\nInnermost cause's stack:\n{CauseStackTrace}",
                status,
                code,
                exception.GetType().FullName,
                Causes(exception),
                exception.StackTrace,
                exception.GetBaseException().StackTrace);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        await Problems.Write(httpContext, status, code, title, detail, errors);
        return true;
    }

    private static (int Status, string Code, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors) Map(Exception exception) =>
        exception switch
        {
            RequestValidationException e => (400, "validation_failed", "Validation failed", "One or more fields are invalid.", e.Errors),
            RequestBodyException e => (e.Status, e.Code, e.Code == "validation_failed" ? "Validation failed" : Problems.TitleFor(e.Status), e.Message, e.Errors),
            DomainException { Kind: DomainErrorKind.Invalid } e => (400, e.Code, "Validation failed", e.Message, e.Field is null ? null : new Dictionary<string, string[]> { [e.Field] = [e.Message] }),
            DomainException { Kind: DomainErrorKind.NotFound } e => (404, e.Code, "Not found", e.Message, null),
            DomainException { Kind: DomainErrorKind.Conflict } e => (409, e.Code, "Conflict", e.Message, null),
            DomainException e => (422, e.Code, "Unprocessable request", e.Message, null),
            NotFoundException e => (404, e.Code, "Not found", e.Message, null),
            ConcurrencyConflictException e => (409, "concurrency_conflict", "Conflict", e.Message, null),
            PreconditionFailedException e => (412, "precondition_failed", "Precondition failed", e.Message, null),
            BadHttpRequestException e => (e.StatusCode, e.StatusCode == 413 ? "payload_too_large" : "bad_request", Problems.TitleFor(e.StatusCode), SafeDetail(e), null),
            DatabaseUnavailableException => (503, "service_unavailable", "Service unavailable", "The service cannot reach its database right now; retry shortly.", null),
            _ => (500, "internal_error", "Internal server error", "An unexpected error occurred. Quote the traceId when reporting it.", null),
        };

    private static string Causes(Exception exception)
    {
        var causes = new List<string>();
        for (var cause = exception.InnerException; cause is not null; cause = cause.InnerException)
        {
            causes.Add(cause is System.Data.Common.DbException { SqlState: { } state } ? $"{cause.GetType().FullName} (SQLSTATE {state})" : cause.GetType().FullName!);
        }

        return causes.Count == 0 ? "nothing further" : string.Join(" <- ", causes);
    }

    private static string SafeDetail(BadHttpRequestException exception) =>
        exception.StatusCode == 413 ? "The request body is larger than the 1 MiB limit." : "The request is malformed.";
}
