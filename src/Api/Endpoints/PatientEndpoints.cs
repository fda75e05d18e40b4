using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Scheduling.Api.Contracts;
using Scheduling.Api.Json;
using Scheduling.Application.Patients.GetById;

namespace Scheduling.Api.Endpoints;

public static class PatientEndpoints
{
    public static IEndpointRouteBuilder MapPatientEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/patients").WithTags("Patients").RequireAuthorization();

        group.MapPost("/", Register)
            .WithName("RegisterPatient")
            .WithSummary("Register a patient")
            .Accepts<RegisterPatientRequest>("application/json")
            .ProducesCommonProblems(400, 413, 415);

        group.MapGet("/{id}", GetById)
            .WithName("GetPatient")
            .WithSummary("Get a patient")
            .ProducesCommonProblems(404);

        return app;
    }

    private static async Task<Created<PatientResponse>> Register(JsonBody<RegisterPatientRequest> body, IMediator mediator, CancellationToken cancellationToken)
    {
        var patient = PatientResponse.From(await mediator.Send(body.Value.ToCommand(), cancellationToken));
        return TypedResults.Created($"/v1/patients/{patient.Id}", patient);
    }

    private static async Task<Ok<PatientResponse>> GetById(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(PatientResponse.From(await mediator.Send(new GetPatient(id), cancellationToken)));
}
