using System.Globalization;
using FluentValidation;
using MediatR;
using NodaTime;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Appointments.GetById;

/// <summary>
/// <c>GET /v1/appointments/{id}</c>, now or as it was: <c>asOf</c> (an RFC 3339 instant) or <c>version</c> (a stream
/// version) fold the stream up to that point with the same <see cref="Appointment.Evolve"/> as the read model.
/// </summary>
public sealed record GetAppointment(string Id, string? AsOf = null, string? Version = null) : IRequest<Appointment>
{
    public Instant? AsOfInstant => InstantText.TryParse(AsOf, out var instant) ? instant : null;

    public long? VersionNumber => Version is not null && long.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 1 ? v : null;
}

/// <summary>The stream folded up to an instant or a version; null when the appointment did not exist then.</summary>
public interface IAppointmentHistory
{
    Task<Appointment?> Fold(string appointmentId, Instant? asOf, long? version, CancellationToken cancellationToken);
}

public sealed class GetAppointmentValidator : AbstractValidator<GetAppointment>
{
    public GetAppointmentValidator()
    {
        RuleFor(q => q.AsOf).Satisfies(asOf => RuleViolation.Invalid("asOf", "'asOf' must be an RFC 3339 date-time with an offset, e.g. 2030-01-07T09:00:00Z."))
            .When(q => q.AsOf is not null && q.AsOfInstant is null);
        RuleFor(q => q.Version).Satisfies(version => RuleViolation.Invalid("version", "'version' must be a whole number from 1."))
            .When(q => q.Version is not null && q.VersionNumber is null);
        RuleFor(q => q).Satisfies(q => RuleViolation.Invalid("version", "Give 'asOf' or 'version', not both."))
            .When(q => q.AsOf is not null && q.Version is not null);
    }
}

public sealed class GetAppointmentHandler(IAppointmentReadModels readModels, IAppointmentHistory history) : IRequestHandler<GetAppointment, Appointment>
{
    public async Task<Appointment> Handle(GetAppointment request, CancellationToken cancellationToken)
    {
        if (request.AsOf is null && request.Version is null)
        {
            return await readModels.FindOrNotFound(request.Id, cancellationToken);
        }

        var then = await history.Fold(request.Id, request.AsOfInstant, request.VersionNumber, cancellationToken);
        return then is not null && (request.VersionNumber is null || then.Version == request.VersionNumber)
            ? then
            : throw new NotFoundException($"Appointment '{request.Id}' did not exist at that {(request.AsOf is null ? "version" : "time")}.");
    }
}
