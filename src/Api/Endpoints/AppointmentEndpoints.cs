using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Scheduling.Api.Contracts;
using Scheduling.Api.Json;
using Microsoft.AspNetCore.Mvc;
using Scheduling.Application.Appointments.Complete;
using Scheduling.Application.Appointments.Events;
using Scheduling.Application.Appointments.GetById;
using Scheduling.Application.Appointments.List;

namespace Scheduling.Api.Endpoints;

public static class AppointmentEndpoints
{
    public static IEndpointRouteBuilder MapAppointmentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/appointments").WithTags("Appointments").RequireAuthorization();

        group.MapPost("/", Create)
            .WithName("CreateAppointment")
            .WithSummary("Create an appointment (choose-a-time with windowId, otherwise patient-led)")
            .Accepts<CreateAppointmentRequest>("application/json")
            .ProducesCommonProblems(400, 409, 413, 415, 422);

        group.MapGet("/{id}", GetById)
            .WithName("GetAppointment")
            .WithSummary("Get an appointment")
            .ProducesCommonProblems(404);

        group.MapGet("/", List)
            .WithName("ListAppointments")
            .WithSummary("List appointments, newest first; repeat 'filter' (field op \"value\") to AND conditions")
            .ProducesCommonProblems(400);

        group.MapGet("/{id}/events", Events)
            .WithName("GetAppointmentEvents")
            .WithSummary("The appointment's audit trail, straight from its event stream, oldest first")
            .ProducesCommonProblems(404);

        group.MapPost("/{id}/schedule", Schedule)
            .WithName("ScheduleAppointment")
            .WithSummary("Give a patient-led appointment its window (only from 'scheduling')")
            .Accepts<ScheduleRequest>("application/json")
            .ProducesCommonProblems(400, 404, 409, 413, 415, 422);

        group.MapPost("/{id}/cancel", Cancel)
            .WithName("CancelAppointment")
            .WithSummary("Cancel an appointment once; frees its window place")
            .Accepts<CancelRequest>("application/json")
            .ProducesCommonProblems(400, 404, 409, 413, 415);

        group.MapPost("/{id}/complete", Complete)
            .WithName("CompleteAppointment")
            .WithSummary("Mark a scheduled appointment completed (operations use)")
            .ProducesCommonProblems(404, 409);

        return app;
    }

    private static async Task<Created<AppointmentResponse>> Create(JsonBody<CreateAppointmentRequest> body, IMediator mediator, CancellationToken cancellationToken)
    {
        var appointment = AppointmentResponse.From(await mediator.Send(body.Value.ToCommand(), cancellationToken));
        return TypedResults.Created($"/v1/appointments/{appointment.Id}", appointment);
    }

    private static async Task<Ok<AppointmentPageResponse>> List(
        [FromQuery(Name = "filter")] string[]? filter, string? limit, string? cursor, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(AppointmentPageResponse.From(await mediator.Send(new ListAppointments(filter ?? [], limit, cursor), cancellationToken)));

    private static async Task<Ok<IReadOnlyList<AuditEntry>>> Events(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetAppointmentEvents(id), cancellationToken));

    private static async Task<Ok<AppointmentResponse>> Schedule(string id, JsonBody<ScheduleRequest> body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(AppointmentResponse.From(await mediator.Send(body.Value.ToCommand(id), cancellationToken)));

    private static async Task<Ok<AppointmentResponse>> Cancel(string id, JsonBody<CancelRequest> body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(AppointmentResponse.From(await mediator.Send(body.Value.ToCommand(id), cancellationToken)));

    private static async Task<Ok<AppointmentResponse>> Complete(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(AppointmentResponse.From(await mediator.Send(new CompleteAppointment(id), cancellationToken)));

    private static async Task<Ok<AppointmentResponse>> GetById(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(AppointmentResponse.From(await mediator.Send(new GetAppointment(id), cancellationToken)));
}
