using System.Text.Json;
using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Appointments.Update;

/// <summary>
/// <c>PATCH /v1/appointments/{id}</c>: a JSON merge patch of the editable fields. Absent = unchanged; a present
/// <c>null</c> clears an optional field (required ones were refused at the edge).
/// </summary>
public sealed record UpdateAppointment(
    string AppointmentId,
    Optional<string?> Note,
    Optional<string?> ExternalRef,
    Optional<string> Phone,
    Optional<AddressInput> Location,
    Optional<IReadOnlyList<string>> DocumentIds,
    Optional<JsonElement?> Metadata,
    long? ExpectedVersion = null) : IRequest<Appointment>;

/// <summary>Create's field rules, for the fields the patch mentions.</summary>
public sealed class UpdateAppointmentValidator : AbstractValidator<UpdateAppointment>
{
    public UpdateAppointmentValidator()
    {
        RuleFor(c => c.Note).Satisfies(note => Appointment.CheckNote(note.Value)).When(c => c.Note.HasValue);
        RuleFor(c => c.ExternalRef).Satisfies(reference => Appointment.CheckExternalRef(reference.Value)).When(c => c.ExternalRef.HasValue);
        RuleFor(c => c.Phone.Value).MustBePhoneNumber("phone").When(c => c.Phone.HasValue);
        RuleFor(c => c.Location).Satisfies(location => location.Value.Check("location")).When(c => c.Location.HasValue);
        RuleFor(c => c.DocumentIds).Satisfies(ids => Appointment.CheckDocuments(ids.Value!)).When(c => c.DocumentIds.HasValue);
        RuleFor(c => c.Metadata).Satisfies(metadata => Domain.Common.Metadata.Check(metadata.Value!.Value, "metadata"))
            .When(c => c.Metadata is { HasValue: true, Value.ValueKind: not JsonValueKind.Null });
    }
}

/// <summary>Appends <c>appointment.updated</c> with the changed fields only; a patch that changes nothing appends nothing.</summary>
public sealed class UpdateAppointmentHandler(ITenantContext tenant, IAppointmentStreams appointments, IUnitOfWork unitOfWork, IClock clock)
    : IRequestHandler<UpdateAppointment, Appointment>
{
    public async Task<Appointment> Handle(UpdateAppointment request, CancellationToken cancellationToken)
    {
        var stream = await appointments.LoadOrNotFound(request.AppointmentId, request.ExpectedVersion, cancellationToken);

        var edit = new AppointmentEdit(
            request.Note,
            request.ExternalRef,
            request.Phone.HasValue ? PhoneNumber.Create(request.Phone.Value) : default(Optional<PhoneNumber>),
            request.Location.HasValue ? request.Location.Value.ToAddress("location") : default(Optional<Address>),
            request.DocumentIds,
            request.Metadata.HasValue ? Metadata.From(request.Metadata.Value, "metadata") : default(Optional<Metadata?>));
        if (stream.State.Update(edit, tenant.Organisation, clock.GetCurrentInstant()) is not { } updated)
        {
            return stream.State;
        }

        var appointment = stream.AppendAndFold([updated]);
        await unitOfWork.Commit(cancellationToken);
        return appointment;
    }
}
