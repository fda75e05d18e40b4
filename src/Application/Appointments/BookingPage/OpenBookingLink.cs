using MediatR;
using NodaTime;
using Scheduling.Application.Availability.ListAvailable;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Patients;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;

namespace Scheduling.Application.Appointments.BookingPage;

/// <summary>
/// The booking page opens a link of <paramref name="Generation"/> for its appointment (in the link's tenant): what the
/// link may do (<see cref="Appointment.CheckSchedulingLink"/>) and, while it is open, the little the page may show
/// and the bookable windows. Null when the appointment does not exist.
/// </summary>
public sealed record OpenBookingLink(string AppointmentId, int Generation) : IRequest<BookingLinkView?>;

/// <summary>
/// What a booking page may show. Only while <see cref="State"/> is open are the task, the patient's first name and
/// the windows filled in; when <see cref="BookingLinkState.Used"/>, <see cref="BookedWindow"/> lets the page recognise
/// (and answer again) a repeated confirmation of the same choice.
/// </summary>
public sealed record BookingLinkView(
    BookingLinkState State,
    long Version,
    DateTimeZone Zone,
    string? OrganisationName,
    string? TaskName,
    string? PatientFirstName,
    IReadOnlyList<AvailabilityWindow> Windows,
    WindowReference? BookedWindow);

public sealed class OpenBookingLinkHandler(
    ITenantContext tenant,
    IAppointmentReadModels readModels,
    IPatients patients,
    IAvailabilityQueries availability,
    IClock clock) : IRequestHandler<OpenBookingLink, BookingLinkView?>
{
    public async Task<BookingLinkView?> Handle(OpenBookingLink request, CancellationToken cancellationToken)
    {
        if (await readModels.Find(request.AppointmentId, cancellationToken) is not { } appointment)
        {
            return null;
        }

        var organisation = tenant.Organisation;
        var zone = organisation.TimeZone;
        var now = clock.GetCurrentInstant();
        var state = appointment.CheckSchedulingLink(request.Generation, zone, now);
        if (state != BookingLinkState.Open)
        {
            var booked = state == BookingLinkState.Used ? appointment.Window : null;
            return new BookingLinkView(state, appointment.Version, zone, organisation.Name, null, null, [], booked);
        }

        var patient = await patients.Find(appointment.Patient.Id, cancellationToken);
        var (from, before) = appointment.BookingRange(zone, now);
        var windows = await availability.ListBookable(appointment.TaskId, from, before, now, cancellationToken);
        return new BookingLinkView(
            state,
            appointment.Version,
            zone,
            organisation.Name,
            organisation.FindTask(appointment.TaskId)?.Name,
            patient?.FirstName,
            windows,
            null);
    }
}
