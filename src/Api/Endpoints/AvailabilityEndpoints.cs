using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;
using Scheduling.Api.Json;
using Scheduling.Application.Availability.ListAvailable;
using Scheduling.Application.Availability.OpenWindow;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Domain.Availability;

namespace Scheduling.Api.Endpoints;

/// <summary>A window as clients see it (the booked appointment ids stay inside).</summary>
public sealed record WindowResponse(string Id, string TaskId, Instant Start, Instant End, int Capacity, int Remaining)
{
    public static WindowResponse From(AvailabilityWindow window) =>
        new(window.Id, window.TaskId, window.Start, window.End, window.Capacity, window.Remaining);
}

public sealed record DataResponse<T>(IReadOnlyList<T> Data);

public static class AvailabilityEndpoints
{
    public static IEndpointRouteBuilder MapAvailabilityEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/availability").WithTags("Availability").RequireAuthorization();

        group.MapPost("/windows", Open)
            .WithName("OpenAvailabilityWindow")
            .WithSummary("Open an availability window (operations use)")
            .Accepts<OpenWindow>("application/json")
            .ProducesCommonProblems(400, 413, 415, 422);

        group.MapGet("/", List)
            .WithName("ListAvailability")
            .WithSummary("Bookable windows of a task starting between two local dates")
            .ProducesCommonProblems(400, 422);

        return app;
    }

    private static async Task<Created<WindowResponse>> Open(JsonBody<OpenWindow> body, IMediator mediator, CancellationToken cancellationToken)
    {
        var window = await mediator.Send(body.Value, cancellationToken);
        return TypedResults.Created((string?)null, WindowResponse.From(window));
    }

    private static async Task<Ok<DataResponse<WindowResponse>>> List(
        string? taskId, string? from, string? to, IMediator mediator, CancellationToken cancellationToken)
    {
        var windows = await mediator.Send(new ListAvailableWindows(taskId, ParseDate(from, "from"), ParseDate(to, "to")), cancellationToken);
        return TypedResults.Ok(new DataResponse<WindowResponse>([.. windows.Select(WindowResponse.From)]));
    }

    private static LocalDate? ParseDate(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        var result = LocalDatePattern.Iso.Parse(value);
        return result.Success
            ? result.Value
            : throw new RequestValidationException(new Dictionary<string, string[]> { [name] = [$"'{name}' must be a date in YYYY-MM-DD form."] });
    }
}
