using Microsoft.Extensions.Options;
using Scheduling.Api.Contracts;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Domain.Appointments;

namespace Scheduling.Api.BookingPage;

/// <summary>The <c>schedulingLink</c> of an appointment representation: present only while the appointment is <c>scheduling</c>.</summary>
public sealed class SchedulingLinks(ITenantContext tenant, BookingLinkTokens tokens, IOptions<BookingPageOptions> options)
{
    public SchedulingLinkResponse? For(Appointment appointment)
    {
        if (appointment.SchedulingLinkExpiry(tenant.Organisation.TimeZone) is not { } expiresAt)
        {
            return null;
        }

        var token = tokens.Create(new BookingLinkClaims(tenant.Organisation.Id, tenant.Mode, appointment.Id, appointment.SchedulingLinkGeneration));
        return new SchedulingLinkResponse($"{options.Value.PublicBaseUrl.TrimEnd('/')}/book/{token}", expiresAt);
    }
}
