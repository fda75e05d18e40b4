using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Scheduling.Api.Json;
using Scheduling.Application.Appointments.Create;
using Scheduling.Application.Appointments.GetById;

namespace Scheduling.Api.Endpoints;

public static class AppointmentEndpoints
{
    public static IEndpointRouteBuilder MapAppointmentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/appointments").WithTags("Appointments").RequireAuthorization();

        group.MapPost("/", Create)
            .WithName("CreateAppointment")
            .WithSummary("Create an appointment (choose-a-time with windowId, otherwise patient-led)")
            .Accepts<CreateAppointment>("application/json")
            .ProducesCommonProblems(400, 409, 413, 415, 422);

        group.MapGet("/{id}", GetById)
            .WithName("GetAppointment")
            .WithSummary("Get an appointment")
            .ProducesCommonProblems(404);

        return app;
    }

    private static async Task<Created<AppointmentDetails>> Create(JsonBody<CreateAppointment> body, IMediator mediator, CancellationToken cancellationToken)
    {
        var appointment = await mediator.Send(body.Value, cancellationToken);
        return TypedResults.Created($"/v1/appointments/{appointment.Id}", appointment);
    }

    private static async Task<Ok<AppointmentDetails>> GetById(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetAppointment(id), cancellationToken));
}
