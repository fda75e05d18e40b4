using System.Text;
using System.Text.Json;
using FluentValidation;
using NodaTime;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Appointments.Create;

/// <summary>Every field rule of the contract that needs no stored state; the aggregate enforces them again.</summary>
public sealed class CreateAppointmentValidator : AbstractValidator<CreateAppointment>
{
    public CreateAppointmentValidator(ITenantContext tenant, IClock clock)
    {
        RuleFor(c => c.PatientId).RequiredId(IdPrefix.Patient);
        RuleFor(c => c.TaskId).RequiredId(IdPrefix.Task);
        RuleFor(c => c.WindowId).MustBeId(IdPrefix.Window).When(c => c.WindowId is not null);
        RuleFor(c => c.ExternalRef).MaximumLength(Appointment.MaxExternalRefLength);
        RuleFor(c => c.Note).MaximumLength(Appointment.MaxNoteLength);
        RuleFor(c => c.Phone).MustBePhoneNumber();
        RuleFor(c => c.Location).NotNull().WithMessage("'{PropertyName}' is required.").SetValidator(new AddressInputValidator()!);

        RuleFor(c => c.DocumentIds)
            .Must(ids => ids!.Count <= Appointment.MaxDocuments)
            .WithMessage($"'{{PropertyName}}' can hold at most {Appointment.MaxDocuments} ids.")
            .When(c => c.DocumentIds is not null);
        RuleFor(c => c.DocumentIds).Custom(CheckEachDocumentId).When(c => c.DocumentIds is not null);

        RuleFor(c => c.PlanFrom).NotNull().When(c => c.PlanTo is not null)
            .WithMessage("'planFrom' is required when 'planTo' is given (a scheduled appointment needs both dates).");
        RuleFor(c => c.PlanTo).NotNull().When(c => c.PlanFrom is not null)
            .WithMessage("'planTo' is required when 'planFrom' is given (a scheduled appointment needs both dates).");
        RuleFor(c => c.PlanFrom)
            .Must(from => from >= tenant.Organisation.Today(clock.GetCurrentInstant()))
            .When(c => c.PlanFrom is not null)
            .WithMessage("'planFrom' must not be before today in the organisation's time zone.");
        RuleFor(c => c.PlanTo)
            .Must((c, to) => to >= c.PlanFrom).WithMessage("'planTo' must not be before 'planFrom'.")
            .When(c => c.PlanFrom is not null && c.PlanTo is not null);
        RuleFor(c => c.PlanTo)
            .Must((c, to) => MeetsMinimumPlanDays(tenant, c))
            .WithMessage(c => $"'planTo' must be at least {tenant.Organisation.FindTask(c.TaskId)!.MinimumPlanDays} days after 'planFrom' for task '{c.TaskId}'.")
            .When(c => c.PlanFrom is not null && c.PlanTo is not null && c.PlanTo >= c.PlanFrom
                && tenant.Organisation.FindTask(c.TaskId) is { ScheduledAppointmentsEnabled: true });

        RuleFor(c => c.Metadata)
            .Must(m => m!.Value.ValueKind == JsonValueKind.Object).WithMessage("'metadata' must be a JSON object or null.")
            .Must(m => Encoding.UTF8.GetByteCount(m!.Value.GetRawText()) <= Metadata.MaxBytes)
            .WithMessage($"'metadata' must be at most {Metadata.MaxBytes / 1024} KiB when serialized.")
            .Must(m => ContractRules.Depth(m!.Value) <= Metadata.MaxDepth)
            .WithMessage($"'metadata' must be at most {Metadata.MaxDepth} levels deep.")
            .When(c => c.Metadata is { ValueKind: not JsonValueKind.Null });
    }

    private static bool MeetsMinimumPlanDays(ITenantContext tenant, CreateAppointment c) =>
        Period.Between(c.PlanFrom!.Value, c.PlanTo!.Value, PeriodUnits.Days).Days >= tenant.Organisation.FindTask(c.TaskId)!.MinimumPlanDays;

    // Every bad element gets its own error, keyed by its index ("documentIds[3]").
    private static void CheckEachDocumentId(IReadOnlyList<string?>? ids, ValidationContext<CreateAppointment> context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids!.Count; i++)
        {
            var id = ids[i];
            if (!EntityId.IsValid(id, IdPrefix.Document))
            {
                context.AddFailure($"DocumentIds[{i}]", $"'documentIds[{i}]' must be '{IdPrefix.Document}' followed by 1-{EntityId.MaxBodyLength} letters or digits.");
            }
            else if (!seen.Add(id!))
            {
                context.AddFailure($"DocumentIds[{i}]", $"'documentIds[{i}]' repeats '{id}', given earlier in the list.");
            }
        }
    }
}
