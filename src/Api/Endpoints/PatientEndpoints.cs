using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Scheduling.Api.Contracts;
using Scheduling.Api.Json;
using Scheduling.Api.OpenApi;
using Scheduling.Application.Common.Listing;
using Scheduling.Application.Appointments.Events;
using Scheduling.Api.Tenancy;
using Scheduling.Application.Patients.Erase;
using Scheduling.Application.Patients.Events;
using Scheduling.Application.Patients.GetById;
using Scheduling.Application.Patients.List;

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

        group.MapGet("/", List)
            .WithName("ListPatients")
            .WithSummary("List patients, newest first; repeat 'filter' (field op \"value\") to AND conditions")
            .WithQuery(QueryParameter.Filter(PatientFilters.Schema), QueryParameter.Limit(ListPaging.MaxLimit, ListPaging.DefaultLimit), QueryParameter.Cursor)
            .ProducesCommonProblems(400);

        group.MapGet("/{id}", GetById)
            .WithName("GetPatient")
            .WithSummary("Get a patient")
            .ProducesCommonProblems(404);

        group.MapPatch("/{id}", Patch)
            .WithName("UpdatePatient")
            .WithSummary("Change a patient with a JSON merge patch (null clears an optional field)")
            .Accepts<PatchPatientRequest>("application/merge-patch+json", "application/json")
            .ProducesCommonProblems(400, 404, 409, 413, 415);

        group.MapPost("/{id}/erase", Erase)
            .WithName("ErasePatient")
            .WithSummary("Erase the patient's personal data everywhere (UK GDPR); operations keys only; erasing again changes nothing")
            .WithDescription(
                "Replaces names, phone, e-mail, NHS number, address lines, notes, metadata and visit results in the patient, in every event "
                + "of its appointments and in every read model, keeps the birth year and the postcode's outward code, ids, statuses, tasks, "
                + "windows and times, and records 'patient.erased'. Answers the erased patient. Webhooks are not re-sent.")
            .RequireAuthorization(ApiKeyAuthenticationHandler.OperationsPolicy)
            .ProducesCommonProblems(404);

        group.MapGet("/{id}/events", Events)
            .WithName("GetPatientEvents")
            .WithSummary("The patient's audit trail: who registered and changed it, when, which fields (no values)")
            .ProducesCommonProblems(404);

        return app;
    }

    private static async Task<Created<PatientResponse>> Register(JsonBody<RegisterPatientRequest> body, IMediator mediator, CancellationToken cancellationToken)
    {
        var patient = PatientResponse.From(await mediator.Send(body.Value.ToCommand(), cancellationToken));
        return TypedResults.Created($"/v1/patients/{patient.Id}", patient);
    }

    private static async Task<Ok<PatientPageResponse>> List(
        [FromQuery(Name = "filter")] string[]? filter, string? limit, string? cursor, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(PatientPageResponse.From(await mediator.Send(new ListPatients(filter ?? [], limit, cursor), cancellationToken)));

    private static async Task<Ok<PatientResponse>> GetById(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(PatientResponse.From(await mediator.Send(new GetPatient(id), cancellationToken)));

    private static async Task<Ok<PatientResponse>> Patch(string id, JsonBody<PatchPatientRequest> body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(PatientResponse.From(await mediator.Send(body.Value.ToCommand(id), cancellationToken)));

    private static async Task<Ok<PatientResponse>> Erase(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(PatientResponse.From(await mediator.Send(new ErasePatient(id), cancellationToken)));

    private static async Task<Ok<IReadOnlyList<AuditEntry>>> Events(string id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetPatientEvents(id), cancellationToken));
}
