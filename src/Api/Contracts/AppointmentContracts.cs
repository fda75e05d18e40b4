using System.Text.Json;
using NodaTime;
using Scheduling.Application.Appointments.Cancel;
using Scheduling.Application.Appointments.Create;
using Scheduling.Application.Appointments.List;
using Scheduling.Application.Appointments.Schedule;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Api.Contracts;

/// <summary>Body of <c>POST /v1/appointments</c>, as JSON can carry it; <see cref="ToCommand"/> answers missing required fields.</summary>
public sealed record CreateAppointmentRequest(
    string? PatientId,
    string? TaskId,
    string? WindowId,
    string? ExternalRef,
    string? Note,
    string? Phone,
    AddressRequest? Location,
    IReadOnlyList<string?>? DocumentIds,
    LocalDate? PlanFrom,
    LocalDate? PlanTo,
    JsonElement? Metadata)
{
    public CreateAppointment ToCommand()
    {
        var required = new RequiredFields();
        return required.Complete(new CreateAppointment(
            required.Get(PatientId, "patientId"),
            required.Get(TaskId, "taskId"),
            WindowId,
            ExternalRef,
            Note,
            required.Get(Phone, "phone"),
            required.Get(Location, "location")?.ToInput(required, "location")!,
            [.. (DocumentIds ?? []).Select((id, i) => required.Get(id, $"documentIds[{i}]"))],
            PlanFrom,
            PlanTo,
            Metadata));
    }
}

/// <summary>Body of <c>POST /v1/appointments/{id}/schedule</c>.</summary>
public sealed record ScheduleRequest(string? WindowId)
{
    public ScheduleAppointment ToCommand(string appointmentId)
    {
        var required = new RequiredFields();
        return required.Complete(new ScheduleAppointment(appointmentId, required.Get(WindowId, "windowId")));
    }
}

/// <summary>Body of <c>POST /v1/appointments/{id}/cancel</c>; the parties are bound by the JSON enum converter.</summary>
public sealed record CancelRequest(string? Note, CancellationParty? CausingEntity, CancellationParty? CancellingEntity, string? ReasonCode)
{
    public CancelAppointment ToCommand(string appointmentId)
    {
        var required = new RequiredFields();
        return required.Complete(new CancelAppointment(
            appointmentId,
            Note,
            required.Get(CausingEntity, "causingEntity"),
            required.Get(CancellingEntity, "cancellingEntity"),
            required.Get(ReasonCode, "reasonCode")));
    }
}

public sealed record PatientReferenceResponse(string Id);

public sealed record WindowReferenceResponse(string Id, Instant Start, Instant End);

public sealed record CancellationResponse(string? Note, CancellationParty CausingEntity, CancellationParty CancellingEntity, string ReasonCode, Instant CancelledAt);

/// <summary>The appointment representation of the contract; <c>version</c> is the event stream's.</summary>
public sealed record AppointmentResponse(
    string Id,
    AppointmentStatus Status,
    AppointmentType Type,
    SchedulingMode SchedulingMode,
    PatientReferenceResponse Patient,
    string TaskId,
    WindowReferenceResponse? Window,
    string? ExternalRef,
    string? Note,
    string Phone,
    AddressResponse Location,
    IReadOnlyList<string> DocumentIds,
    LocalDate? PlanFrom,
    LocalDate? PlanTo,
    Metadata? Metadata,
    CancellationResponse? Cancellation,
    Instant CreatedAt,
    Instant UpdatedAt,
    long Version)
{
    public static AppointmentResponse From(Appointment a) =>
        new(
            a.Id,
            a.Status,
            a.Type,
            a.SchedulingMode,
            new PatientReferenceResponse(a.Patient.Id),
            a.TaskId,
            a.Window is { } w ? new WindowReferenceResponse(w.Id, w.Start, w.End) : null,
            a.ExternalRef,
            a.Note,
            a.Phone,
            AddressResponse.From(a.Location),
            a.DocumentIds,
            a.PlanFrom,
            a.PlanTo,
            a.Metadata,
            a.Cancellation is { } c ? new CancellationResponse(c.Note, c.CausingEntity, c.CancellingEntity, c.ReasonCode, c.CancelledAt) : null,
            a.CreatedAt,
            a.UpdatedAt,
            a.Version);
}

public sealed record AppointmentPageResponse(IReadOnlyList<AppointmentResponse> Data, string? NextCursor)
{
    public static AppointmentPageResponse From(AppointmentPage page) => new([.. page.Data.Select(AppointmentResponse.From)], page.NextCursor);
}
