using System.Text.Json;
using MediatR;
using NodaTime;
using Scheduling.Application.Appointments.GetById;
using Scheduling.Application.Availability;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Application.Patients;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Appointments.Create;

/// <summary><c>POST /v1/appointments</c>: the body as the client sent it; the validator checks every field rule.</summary>
public sealed record CreateAppointment(
    string? PatientId,
    string? TaskId,
    string? WindowId,
    string? ExternalRef,
    string? Note,
    string? Phone,
    AddressInput? Location,
    IReadOnlyList<string?>? DocumentIds,
    LocalDate? PlanFrom,
    LocalDate? PlanTo,
    JsonElement? Metadata) : IRequest<AppointmentDetails>;

/// <summary>
/// Looks up what the rules need (task, patient, window), lets the aggregate decide, then stages the new stream
/// and the window booking and commits both in one transaction.
/// </summary>
public sealed class CreateAppointmentHandler(
    ITenantContext tenant,
    IPatients patients,
    IWindowBookings windows,
    IAppointmentEvents appointments,
    IUnitOfWork unitOfWork,
    IClock clock) : IRequestHandler<CreateAppointment, AppointmentDetails>
{
    public async Task<AppointmentDetails> Handle(CreateAppointment request, CancellationToken cancellationToken)
    {
        var organisation = tenant.Organisation;
        var task = organisation.FindTask(request.TaskId)
            ?? throw DomainException.Unprocessable("task_not_found", $"Task '{request.TaskId}' is not one of the organisation's tasks.");

        if (!await patients.Exists(request.PatientId!, cancellationToken))
        {
            throw DomainException.Unprocessable("patient_not_found", $"Patient '{request.PatientId}' was not found.");
        }

        AvailabilityWindow? window = null;
        if (request.WindowId is not null)
        {
            window = await windows.HoldForBooking(request.WindowId, cancellationToken)
                ?? throw DomainException.Unprocessable("window_not_found", $"Window '{request.WindowId}' was not found.");
        }

        var now = clock.GetCurrentInstant();
        var appointmentId = EntityId.Generate(IdPrefix.Appointment, now);
        var decision = Appointment.Initiate(
            new NewAppointment(
                appointmentId,
                request.PatientId!,
                task,
                PhoneNumber.Create(request.Phone),
                (request.Location ?? throw new ArgumentException("Location is required.", nameof(request))).ToAddress("location"),
                request.ExternalRef,
                request.Note,
                [.. (request.DocumentIds ?? []).Select(id => id!)],
                request.PlanFrom,
                request.PlanTo,
                request.Metadata is { } metadata ? new Metadata(metadata.GetRawText()) : null),
            organisation,
            window,
            now);

        appointments.Start(appointmentId, decision.Events);
        if (decision.Booking is { } booking)
        {
            windows.Record(booking.WindowId, booking);
        }

        await unitOfWork.Commit(cancellationToken);
        return AppointmentDetails.Fold(null, decision.Events);
    }
}
