using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Scheduling.Api.Contracts;
using Scheduling.Api.Json;
using Scheduling.Api.OpenApi;
using Scheduling.Domain.Common;
using Scheduling.Application.Availability.ListAvailable;

namespace Scheduling.Api.Endpoints;

public static class AvailabilityEndpoints
{
    public static IEndpointRouteBuilder MapAvailabilityEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/availability").WithTags("Availability").RequireAuthorization();

        group.MapPost("/windows", Open)
            .WithName("OpenAvailabilityWindow")
            .WithSummary("Open an availability window (operations use)")
            .Accepts<OpenWindowRequest>("application/json")
            .ProducesCommonProblems(400, 413, 415, 422);

        group.MapGet("/", List)
            .WithName("ListAvailability")
            .WithSummary("Bookable windows of a task starting between two local dates")
            .WithQuery(
                QueryParameter.Text("taskId", "One of the organisation's tasks.", required: true, pattern: EntityId.Pattern(IdPrefix.Task)),
                QueryParameter.Date("from", "First local date a window may start on.", required: true),
                QueryParameter.Date("to", $"Last local date a window may start on; not before 'from', at most {ListAvailableWindowsValidator.MaxRangeDays} days after it.", required: true))
            .ProducesCommonProblems(400, 422);

        return app;
    }

    private static async Task<Created<WindowResponse>> Open(JsonBody<OpenWindowRequest> body, IMediator mediator, CancellationToken cancellationToken)
    {
        var window = await mediator.Send(body.Value.ToCommand(), cancellationToken);
        return TypedResults.Created((string?)null, WindowResponse.From(window));
    }

    private static async Task<Ok<DataResponse<WindowResponse>>> List(
        string? taskId, string? from, string? to, IMediator mediator, CancellationToken cancellationToken)
    {
        var windows = await mediator.Send(new ListAvailableWindows(taskId, from, to), cancellationToken);
        return TypedResults.Ok(new DataResponse<WindowResponse>([.. windows.Select(WindowResponse.From)]));
    }
}
