using NodaTime;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Appointments;

public sealed partial class AppointmentTests
{
    [Fact]
    public void GivenPatientLedStandard_ThenTheFirstLinkIsGenerationZero_AndExpires14DaysAfterCreation()
    {
        var appointment = Given.PatientLed();

        Assert.Equal(0, appointment.SchedulingLinkGeneration);
        Assert.Equal(Given.Now + Duration.FromDays(14), appointment.SchedulingLinkExpiry(Given.London));
        Assert.Equal(BookingLinkState.Open, appointment.CheckSchedulingLink(0, Given.London, Given.Now));
    }

    [Fact]
    public void GivenPatientLedScheduled_ThenTheLinkExpiresAtTheEndOfPlanTo_InTheOrganisationsZone()
    {
        // 2026-06-30 ends at 23:00 UTC in London (BST).
        var appointment = Given.PatientLed(Given.PreOp, new LocalDate(2026, 6, 1), new LocalDate(2026, 6, 30));

        Assert.Equal(Instant.FromUtc(2026, 6, 30, 23, 0), appointment.SchedulingLinkExpiry(Given.London));
    }

    [Fact]
    public void GivenPatientLed_WhenIssueSchedulingLink_ThenNextGeneration_OlderLinksSuperseded_And14DaysFromNow()
    {
        var later = Given.Now + Duration.FromDays(10);
        var appointment = Given.PatientLed();

        var issued = appointment.IssueSchedulingLink(later);

        Assert.Equal(new AppointmentSchedulingLinkIssued(Given.AppointmentId, 1, later), issued);
        var state = appointment.Then(issued);
        Assert.Equal(BookingLinkState.Superseded, state.CheckSchedulingLink(0, Given.London, later));
        Assert.Equal(BookingLinkState.Open, state.CheckSchedulingLink(1, Given.London, later));
        Assert.Equal(later + Duration.FromDays(14), state.SchedulingLinkExpiry(Given.London));
    }

    [Fact]
    public void GivenPatientLedPastItsExpiry_WhenCheckSchedulingLink_ThenExpired()
    {
        var appointment = Given.PatientLed();

        Assert.Equal(BookingLinkState.Expired, appointment.CheckSchedulingLink(0, Given.London, Given.Now + Duration.FromDays(14)));
    }

    [Fact]
    public void GivenScheduledOrCancelled_ThenNoLink_AndLinksAreUsedOrCancelled()
    {
        Assert.Null(Given.Scheduled().SchedulingLinkExpiry(Given.London));
        Assert.Equal(BookingLinkState.Used, Given.Scheduled().CheckSchedulingLink(0, Given.London, Given.Now));
        Assert.Equal(BookingLinkState.Used, Given.ScheduledThenCompleted().CheckSchedulingLink(0, Given.London, Given.Now));
        Assert.Equal(BookingLinkState.Cancelled, Given.PatientLedThenCancelled().CheckSchedulingLink(0, Given.London, Given.Now));
        Given.IsError(Given.Rejects(() => Given.Scheduled().IssueSchedulingLink(Given.Now)), DomainErrorKind.Conflict, "invalid_status");
    }

    [Fact]
    public void GivenStandardOrScheduled_WhenBookingRange_ThenNext21DaysOrThePlan()
    {
        var (from, before) = Given.PatientLed().BookingRange(Given.London, Given.Now);
        Assert.Equal((Instant.FromUtc(2026, 11, 24, 0, 0), Instant.FromUtc(2026, 12, 15, 0, 0)), (from, before));

        var planned = Given.PatientLed(Given.PreOp, new LocalDate(2026, 12, 1), new LocalDate(2026, 12, 8));
        Assert.Equal((Instant.FromUtc(2026, 12, 1, 0, 0), Instant.FromUtc(2026, 12, 9, 0, 0)), planned.BookingRange(Given.London, Given.Now));
    }
}
