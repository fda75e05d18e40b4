using System.Text.Json;
using MediatR;
using NodaTime;
using Scheduling.Application.Availability;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Application.Patients;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Appointments.Create;

/// <summary><c>POST /v1/appointments</c>: required members are present (the edge saw to that); the validator checks their rules.</summary>
public sealed record CreateAppointment(
    string PatientId,
    string TaskId,
    string? WindowId,
    string? ExternalRef,
    string? Note,
    string Phone,
    AddressInput Location,
    IReadOnlyList<string> DocumentIds,
    LocalDate? PlanFrom,
    LocalDate? PlanTo,
    JsonElement? Metadata) : IRequest<Appointment>;

/// <summary>
/// Looks up what the rules need (task, patient, window), lets the aggregate decide, then stages the new stream
/// and the window booking and commits both in one transaction. The response is the fold of the decided events.
/// </summary>
public sealed class CreateAppointmentHandler(
    ITenantContext tenant,
    IPatients patients,
    IWindowBookings windows,
    IAppointmentStreams appointments,
    IUnitOfWork unitOfWork,
    IClock clock) : IRequestHandler<CreateAppointment, Appointment>
{
    public async Task<Appointment> Handle(CreateAppointment request, CancellationToken cancellationToken)
    {
        var organisation = tenant.Organisation;
        var task = organisation.FindTask(request.TaskId)
            ?? throw DomainException.Unprocessable("task_not_found", $"Task '{request.TaskId}' is not one of the organisation's tasks.");

        // The patient check rides in the commit's batch (one round trip fewer). Rule order still reports a missing
        // patient before any window or decision error: on that (rare) path it is checked here first.
        IWriteStream<AvailabilityWindow>? window;
        AppointmentDecision decision;
        var now = clock.GetCurrentInstant();
        var appointmentId = EntityId.Generate(IdPrefix.Appointment, now);
        try
        {
            window = request.WindowId is { } windowId ? await windows.HoldOrUnprocessable(windowId, cancellationToken) : null;
            decision = Appointment.Initiate(
                new NewAppointment(
                    appointmentId,
                    request.PatientId,
                    task,
                    PhoneNumber.Create(request.Phone),
                    request.Location.ToAddress("location"),
                    request.ExternalRef,
                    request.Note,
                    request.DocumentIds,
                    request.PlanFrom,
                    request.PlanTo,
                    Metadata.From(request.Metadata, "metadata")),
                organisation,
                window?.State,
                now);
        }
        catch (DomainException)
        {
            if (!await patients.Exists(request.PatientId, cancellationToken))
            {
                throw PatientNotFound.For(request.PatientId);
            }

            throw;
        }

        patients.RequireAtCommit(request.PatientId);
        appointments.Start(appointmentId, decision.Events);
        if (decision.Booking is { } booking)
        {
            window!.Append([booking]);
        }

        await unitOfWork.Commit(cancellationToken);
        return Appointment.Fold(null, 0, decision.Events);
    }
}
