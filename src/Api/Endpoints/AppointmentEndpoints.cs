using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Scheduling.Api.BookingPage;
using Scheduling.Api.Contracts;
using Scheduling.Api.Json;
using Scheduling.Api.OpenApi;
using Scheduling.Application.Common.Listing;
using Scheduling.Application.Appointments.Complete;
using Scheduling.Application.Appointments.Events;
using Scheduling.Application.Appointments.GetById;
using Scheduling.Application.Appointments.List;
using Scheduling.Application.Appointments.NoShow;
using Scheduling.Application.Appointments.SchedulingLink;
using Scheduling.Domain.Appointments;

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
            .WithSummary("Get an appointment, now or as it was at 'asOf' (an instant) or 'version' (folded from its events)")
            .WithQuery(
                QueryParameter.Instant("asOf", "The appointment as it was at this instant (not with 'version')."),
                QueryParameter.WholeNumber("version", 1, "The appointment as it was at this version of its event stream (not with 'asOf')."))
            .ProducesCommonProblems(400, 404);

        group.MapGet("/", List)
            .WithName("ListAppointments")
            .WithSummary("List appointments, newest first; repeat 'filter' (field op \"value\") to AND conditions")
            .WithQuery(QueryParameter.Filter(AppointmentFilters.Schema), QueryParameter.Limit(ListPaging.MaxLimit, ListPaging.DefaultLimit), QueryParameter.Cursor)
            .ProducesCommonProblems(400);

        group.MapGet("/{id}/events", Events)
            .WithName("GetAppointmentEvents")
            .WithSummary("The appointment's audit trail, straight from its event stream, oldest first")
            .ProducesCommonProblems(404);

        group.MapPatch("/{id}", Update)
            .WithName("UpdateAppointment")
            .WithSummary("Change note, externalRef, phone, location, documentIds or metadata (JSON merge patch; only in 'scheduling' or 'scheduled')")
            .Accepts<UpdateAppointmentRequest>("application/merge-patch+json", "application/json")
            .ProducesCommonProblems(400, 404, 409, 412, 413, 415, 422);

        group.MapPost("/{id}/schedule", Schedule)
            .WithName("ScheduleAppointment")
            .WithSummary("Give a patient-led appointment its window (only from 'scheduling')")
            .Accepts<ScheduleRequest>("application/json")
            .ProducesCommonProblems(400, 404, 409, 412, 413, 415, 422);

        group.MapPost("/{id}/reschedule", Reschedule)
            .WithName("RescheduleAppointment")
            .WithSummary("Move a scheduled appointment to another window; the old place is released in the same transaction")
            .Accepts<RescheduleRequest>("application/json")
            .ProducesCommonProblems(400, 404, 409, 412, 413, 415, 422);

        group.MapPost("/{id}/cancel", Cancel)
            .WithName("CancelAppointment")
            .WithSummary("Cancel an appointment once; frees its window place")
            .Accepts<CancelRequest>("application/json")
            .ProducesCommonProblems(400, 404, 409, 412, 413, 415);

        group.MapPost("/{id}/scheduling-link", IssueSchedulingLink)
            .WithName("IssueSchedulingLink")
            .WithSummary("Issue a fresh booking-page link for a patient-led appointment (only in 'scheduling'); older links stop working")
            .ProducesCommonProblems(404, 409, 412);

        group.MapPost("/{id}/complete", Complete)
            .WithName("CompleteAppointment")
            .WithSummary("Mark a scheduled appointment completed, with optional visit results (operations use)")
            .Accepts<CompleteRequest>("application/json")
            .ProducesCommonProblems(400, 404, 409, 412, 413, 415);

        group.MapPost("/{id}/no-show", NoShow)
            .WithName("RecordNoShow")
            .WithSummary("Record that the patient was not there (operations use; once the window has started)")
            .ProducesCommonProblems(404, 409, 412);

        return app;
    }

    private static async Task<Created<AppointmentResponse>> Create(
        JsonBody<CreateAppointmentRequest> body, HttpResponse response, IMediator mediator, CancellationToken cancellationToken)
    {
        var appointment = Tagged(response, await mediator.Send(body.Value.ToCommand(), cancellationToken));
        return TypedResults.Created($"/v1/appointments/{appointment.Id}", appointment);
    }

    private static async Task<Ok<AppointmentPageResponse>> List(
        [FromQuery(Name = "filter")] string[]? filter, string? limit, string? cursor, SchedulingLinks links, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(AppointmentPageResponse.From(await mediator.Send(new ListAppointments(filter ?? [], limit, cursor), cancellationToken), links.For));

    private static async Task<Ok<IReadOnlyList<AuditEntry>>> Events(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetAppointmentEvents(id), cancellationToken));

    private static async Task<Ok<AppointmentResponse>> GetById(
        string id, string? asOf, string? version, HttpResponse response, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(Tagged(response, await mediator.Send(new GetAppointment(id, asOf, version), cancellationToken)));

    private static async Task<Ok<AppointmentResponse>> Update(
        string id, JsonBody<UpdateAppointmentRequest> body, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(Tagged(http.Response, await mediator.Send(body.Value.ToCommand(id, Versions.IfMatch(http.Request)), cancellationToken)));

    private static async Task<Ok<AppointmentResponse>> Schedule(
        string id, JsonBody<ScheduleRequest> body, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(Tagged(http.Response, await mediator.Send(body.Value.ToCommand(id, Versions.IfMatch(http.Request)), cancellationToken)));

    private static async Task<Ok<AppointmentResponse>> Reschedule(
        string id, JsonBody<RescheduleRequest> body, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(Tagged(http.Response, await mediator.Send(body.Value.ToCommand(id, Versions.IfMatch(http.Request)), cancellationToken)));

    private static async Task<Ok<AppointmentResponse>> Cancel(
        string id, JsonBody<CancelRequest> body, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(Tagged(http.Response, await mediator.Send(body.Value.ToCommand(id, Versions.IfMatch(http.Request)), cancellationToken)));

    // The body is optional: no body at all completes without results.
    private static async Task<Ok<AppointmentResponse>> Complete(string id, HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        var body = await JsonBody<CompleteRequest>.BindOptionalAsync(http);
        var command = body?.Value.ToCommand(id, Versions.IfMatch(http.Request)) ?? new CompleteAppointment(id, ExpectedVersion: Versions.IfMatch(http.Request));
        return TypedResults.Ok(Tagged(http.Response, await mediator.Send(command, cancellationToken)));
    }

    private static async Task<Ok<AppointmentResponse>> IssueSchedulingLink(string id, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(Tagged(http.Response, await mediator.Send(new IssueSchedulingLink(id, Versions.IfMatch(http.Request)), cancellationToken)));

    private static async Task<Ok<AppointmentResponse>> NoShow(string id, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(Tagged(http.Response, await mediator.Send(new RecordNoShow(id, Versions.IfMatch(http.Request)), cancellationToken)));

    private static AppointmentResponse Tagged(HttpResponse response, Appointment appointment)
    {
        response.Headers.ETag = Versions.ETag(appointment.Version);
        return AppointmentResponse.From(appointment, response.HttpContext.RequestServices.GetRequiredService<SchedulingLinks>().For(appointment));
    }
}
