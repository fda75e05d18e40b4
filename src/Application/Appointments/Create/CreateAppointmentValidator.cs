using FluentValidation;
using NodaTime;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Appointments.Create;

/// <summary>Reports every field rule of the create request at once; the rules themselves live in the domain, which enforces them again.</summary>
public sealed class CreateAppointmentValidator : AbstractValidator<CreateAppointment>
{
    public CreateAppointmentValidator(ITenantContext tenant, IClock clock)
    {
        RuleFor(c => c.PatientId).MustBeId(IdPrefix.Patient, "patientId");
        RuleFor(c => c.TaskId).MustBeId(IdPrefix.Task, "taskId");
        RuleFor(c => c.WindowId).MustBeId(IdPrefix.Window, "windowId").When(c => c.WindowId is not null);
        RuleFor(c => c.ExternalRef).Satisfies(Appointment.CheckExternalRef);
        RuleFor(c => c.Note).Satisfies(Appointment.CheckNote);
        RuleFor(c => c.Phone).MustBePhoneNumber("phone");
        RuleFor(c => c.Location).Satisfies(location => location.Check("location"));
        RuleFor(c => c.DocumentIds).Satisfies(ids => Appointment.CheckDocuments(ids!));
        RuleFor(c => c.Metadata).Satisfies(metadata => Metadata.Check(metadata!.Value, "metadata"))
            .When(c => c.Metadata is { ValueKind: not System.Text.Json.JsonValueKind.Null });

        // The plan's minimum comes from the task; an unknown task is the handler's 422, so the plan waits for it.
        RuleFor(c => c).Satisfies(c => PlanWindow.Check(c.PlanFrom, c.PlanTo, tenant.Organisation.FindTask(c.TaskId)!, tenant.Organisation.Today(clock.GetCurrentInstant())))
            .When(c => tenant.Organisation.FindTask(c.TaskId) is not null);
    }
}
