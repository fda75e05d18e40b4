using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Tests.Appointments;

public sealed partial class AppointmentTests
{
    private static AppointmentEdit Edit(
        Optional<string?> note = default,
        Optional<string?> externalRef = default,
        Optional<PhoneNumber> phone = default,
        Optional<Address> location = default,
        Optional<IReadOnlyList<string>> documentIds = default,
        Optional<Metadata?> metadata = default) =>
        new(note, externalRef, phone, location, documentIds, metadata);

    [Fact]
    public void GivenPatientLed_WhenUpdatePhoneAndNote_ThenUpdatedWithOnlyTheChangedFields()
    {
        var appointment = Given.PatientLed();

        var updated = appointment.Update(Edit(note: "Side door", phone: PhoneNumber.Create("+447911123457"), externalRef: appointment.ExternalRef), Given.Organisation(), Given.Now);

        Assert.NotNull(updated);
        Assert.Equal(new AppointmentChanges(Note: "Side door", Phone: "+447911123457"), updated.Changes);
        var state = appointment.Then(updated);
        Assert.Equal(("Side door", "+447911123457", 2L, Given.Now), (state.Note, state.Phone, state.Version, state.UpdatedAt));
    }

    [Fact]
    public void GivenScheduled_WhenUpdateClearsOptionalFields_ThenTheyAreNull()
    {
        var appointment = Given.Scheduled().Then(new AppointmentUpdated(Given.AppointmentId, new AppointmentChanges(Note: "x", Metadata: new Metadata("{\"a\":1}")), Given.Now));

        var updated = appointment.Update(Edit(note: (string?)null, metadata: (Metadata?)null), Given.Organisation(), Given.Now);

        var state = appointment.Then(updated!);
        Assert.Equal(((string?)null, (Metadata?)null), (state.Note, state.Metadata));
    }

    [Fact]
    public void GivenAnUnchangedPatch_WhenUpdate_ThenNoEvent()
    {
        var appointment = Given.PatientLed();

        Assert.Null(appointment.Update(Edit(phone: Given.Phone, location: Given.Location, documentIds: new List<string>()), Given.Organisation(), Given.Now));
        Assert.Null(appointment.Update(Edit(), Given.Organisation(), Given.Now));
    }

    [Theory]
    [InlineData("cancelled")]
    [InlineData("completed")]
    public void GivenEnded_WhenUpdate_ThenInvalidStatus(string history)
    {
        var appointment = history == "cancelled" ? Given.ScheduledThenCancelled() : Given.ScheduledThenCompleted();

        Given.IsError(Given.Rejects(() => appointment.Update(Edit(note: "x"), Given.Organisation(), Given.Now)), DomainErrorKind.Conflict, "invalid_status");
    }

    [Fact]
    public void GivenPatientLed_WhenUpdateWithBrokenFields_ThenTheFieldRuleOfCreate()
    {
        var appointment = Given.PatientLed();

        Given.IsError(Given.Rejects(() => appointment.Update(Edit(note: new string('n', 2001)), Given.Organisation(), Given.Now)), DomainErrorKind.Invalid, "validation_failed", "note");
        Given.IsError(Given.Rejects(() => appointment.Update(Edit(documentIds: new List<string> { "doc_1", "doc_1" }), Given.Organisation(), Given.Now)), DomainErrorKind.Invalid, "validation_failed", "documentIds[1]");
    }

    [Fact]
    public void GivenDocumentsDisabled_WhenUpdateAddsDocuments_ThenDocumentsNotEnabled()
    {
        Given.IsError(
            Given.Rejects(() => Given.PatientLed().Update(Edit(documentIds: new List<string> { "doc_1" }), Given.Organisation(documentsEnabled: false), Given.Now)),
            DomainErrorKind.Unprocessable,
            "documents_not_enabled");
    }
}
