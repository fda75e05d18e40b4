using System.Text.Json;
using NodaTime;
using Scheduling.Application.Appointments.Cancel;
using Scheduling.Application.Appointments.Complete;
using Scheduling.Application.Appointments.Create;
using Scheduling.Application.Appointments.Reschedule;
using Scheduling.Application.Common.Listing;
using Scheduling.Application.Appointments.Schedule;
using Scheduling.Application.Appointments.Update;
using Scheduling.Application.Common.Validation;
using Scheduling.Api.OpenApi;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Api.Contracts;

/// <summary>Body of <c>POST /v1/appointments</c>, as JSON can carry it; <see cref="ToCommand"/> answers missing required fields.</summary>
public sealed record CreateAppointmentRequest(
    [property: Id(IdPrefix.Patient)] string? PatientId,
    [property: Id(IdPrefix.Task)] string? TaskId,
    [property: Id(IdPrefix.Window)] string? WindowId,
    [property: Text(Appointment.MaxExternalRefLength)] string? ExternalRef,
    [property: Text(Appointment.MaxNoteLength)] string? Note,
    [property: Phone] string? Phone,
    AddressRequest? Location,
    [property: Id(IdPrefix.Document), Items(Appointment.MaxDocuments, Unique = true)] IReadOnlyList<string?>? DocumentIds,
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
public sealed record ScheduleRequest([property: Id(IdPrefix.Window)] string? WindowId)
{
    public ScheduleAppointment ToCommand(string appointmentId, long? expectedVersion)
    {
        var required = new RequiredFields();
        return required.Complete(new ScheduleAppointment(appointmentId, required.Get(WindowId, "windowId"), expectedVersion));
    }
}

/// <summary>Body of <c>POST /v1/appointments/{id}/reschedule</c>.</summary>
public sealed record RescheduleRequest([property: Id(IdPrefix.Window)] string? WindowId)
{
    public RescheduleAppointment ToCommand(string appointmentId, long? expectedVersion)
    {
        var required = new RequiredFields();
        return required.Complete(new RescheduleAppointment(appointmentId, required.Get(WindowId, "windowId"), expectedVersion));
    }
}

/// <summary>Optional body of <c>POST /v1/appointments/{id}/complete</c>: the visit's results and a note.</summary>
public sealed record CompleteRequest(JsonElement? Data, [property: Text(Appointment.MaxNoteLength)] string? Note)
{
    public CompleteAppointment ToCommand(string appointmentId, long? expectedVersion) => new(appointmentId, Data, Note, expectedVersion);
}

/// <summary>
/// Body of <c>PATCH /v1/appointments/{id}</c>, a JSON merge patch (RFC 7396): a member left out stays as it is, a
/// <c>null</c> clears it. Any other member is refused by the binder (400 naming it); <c>phone</c> and
/// <c>location</c> are required, so <c>null</c> is refused for them.
/// </summary>
public sealed record UpdateAppointmentRequest(
    [property: Text(Appointment.MaxNoteLength)] Optional<string?> Note,
    [property: Text(Appointment.MaxExternalRefLength)] Optional<string?> ExternalRef,
    [property: Phone] Optional<string?> Phone,
    Optional<AddressRequest?> Location,
    [property: Id(IdPrefix.Document), Items(Appointment.MaxDocuments, Unique = true)] Optional<IReadOnlyList<string?>?> DocumentIds,
    Optional<JsonElement?> Metadata)
{
    public UpdateAppointment ToCommand(string appointmentId, long? expectedVersion)
    {
        var required = new RequiredFields();
        return required.Complete(new UpdateAppointment(
            appointmentId,
            Note,
            ExternalRef,
            Phone.HasValue ? required.Get(Phone.Value, "phone") : default(Optional<string>),
            Location.HasValue ? required.Get(Location.Value, "location")?.ToInput(required, "location")! : default(Optional<AddressInput>),
            DocumentIds.HasValue
                ? new Optional<IReadOnlyList<string>>([.. (DocumentIds.Value ?? []).Select((id, i) => required.Get(id, $"documentIds[{i}]"))])
                : default,
            Metadata,
            expectedVersion));
    }
}

/// <summary>Body of <c>POST /v1/appointments/{id}/cancel</c>; the parties are bound by the JSON enum converter.</summary>
public sealed record CancelRequest(
    [property: Text(Appointment.MaxNoteLength)] string? Note,
    CancellationParty? CausingEntity,
    CancellationParty? CancellingEntity,
    [property: Pattern(Appointment.ReasonCodePattern, Appointment.MaxReasonCodeLength)] string? ReasonCode)
{
    public CancelAppointment ToCommand(string appointmentId, long? expectedVersion)
    {
        var required = new RequiredFields();
        return required.Complete(new CancelAppointment(
            appointmentId,
            Note,
            required.Get(CausingEntity, "causingEntity"),
            required.Get(CancellingEntity, "cancellingEntity"),
            required.Get(ReasonCode, "reasonCode"),
            expectedVersion));
    }
}

public sealed record PatientReferenceResponse(string Id);

public sealed record WindowReferenceResponse(string Id, Instant Start, Instant End);

/// <summary>The booking-page link the client sends to the patient: <c>{publicBaseUrl}/book/{token}</c>, working until <c>expiresAt</c>.</summary>
public sealed record SchedulingLinkResponse(string Url, Instant ExpiresAt);

public sealed record CancellationResponse(
    string? Note, CancellationParty CausingEntity, CancellationParty CancellingEntity, string ReasonCode, bool Chargeable, Instant CancelledAt);

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
    Metadata? Data,
    SchedulingLinkResponse? SchedulingLink,
    CancellationResponse? Cancellation,
    Instant CreatedAt,
    Instant UpdatedAt,
    long Version)
{
    /// <param name="schedulingLink">The appointment's link while it is <c>scheduling</c> (see <c>BookingPage.SchedulingLinks</c>).</param>
    public static AppointmentResponse From(Appointment a, SchedulingLinkResponse? schedulingLink) =>
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
            a.Data,
            schedulingLink,
            a.Cancellation is { } c ? new CancellationResponse(c.Note, c.CausingEntity, c.CancellingEntity, c.ReasonCode, c.Chargeable, c.CancelledAt) : null,
            a.CreatedAt,
            a.UpdatedAt,
            a.Version);
}

public sealed record AppointmentPageResponse(IReadOnlyList<AppointmentResponse> Data, string? NextCursor)
{
    public static AppointmentPageResponse From(ListPage<Appointment> page, Func<Appointment, SchedulingLinkResponse?> schedulingLink) =>
        new([.. page.Data.Select(a => AppointmentResponse.From(a, schedulingLink(a)))], page.NextCursor);
}
