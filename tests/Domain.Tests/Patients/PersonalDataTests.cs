using NodaTime;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;
using Scheduling.Domain.Patients;

namespace Scheduling.Domain.Tests.Patients;

public sealed class PersonalDataTests
{
    private static readonly Address Home = new("1 High Street", "Flat 2", null, "London", "Greater London", "SW1A 1AA", "GB");

    private static readonly PatientDetails Ada = new(
        "Ada", "Lovelace", Given.Phone, "ada@example.com", new LocalDate(1980, 7, 14), "9434765919", "crm-1", Home, PatientTitle.Dr, PatientSex.Female, "Prefers mornings");

    private static Patient Registered() => Patient.Register("p_1", Ada, Given.Today, Given.Now);

    [Fact]
    public void GivenAPatient_WhenErase_ThenEveryPersonalFieldIsReplaced_AndIdsTimesYearAndOutwardCodeAreKept()
    {
        var later = Given.Now + Duration.FromDays(1);

        var (erased, recorded) = Registered().Erase(later);

        Assert.Equal(new PatientErased("p_1", later), recorded);
        Assert.Equal(
            Registered() with
            {
                FirstName = "[erased]",
                LastName = "[erased]",
                Title = null,
                Sex = null,
                Phone = "+9990000000",
                Email = "erased@erased.invalid",
                DateOfBirth = new LocalDate(1980, 1, 1),
                NhsNumber = null,
                Address = new Address("[erased]", "[erased]", null, "London", "Greater London", "SW1A", "GB"),
                Note = "[erased]",
                UpdatedAt = later,
                ErasedAt = later,
            },
            erased);
    }

    [Fact]
    public void GivenAnErasedPatient_WhenEraseAgain_ThenTheSamePatientAndNoEvent()
    {
        var (once, _) = Registered().Erase(Given.Now);

        var (twice, recorded) = once.Erase(Given.Now + Duration.FromDays(3));

        Assert.Equal(once, twice);
        Assert.Null(recorded);
    }

    [Fact]
    public void GivenAnErasedPatient_WhenAmended_ThenItStaysMarkedErased()
    {
        var (erased, _) = Registered().Erase(Given.Now);

        var (amended, _) = erased.Amend(erased.Details with { Note = "new" }, Given.Today, Given.Now + Duration.FromHours(1));

        Assert.Equal(Given.Now, amended.ErasedAt);
    }

    [Fact]
    public void GivenErasedData_WhenMaskedAgain_ThenNothingChanges_AndTheRemainderIsStillValid()
    {
        var address = PersonalData.Address(Home);

        Assert.Equal(address, PersonalData.Address(address));
        Assert.True(PhoneNumber.IsE164(PersonalData.ErasedPhone));
        Assert.True(Patient.IsEmailAddress(PersonalData.ErasedEmail));
        Assert.Null(Patient.CheckName(PersonalData.Erased, "firstName"));
        Assert.Equal("GIR", PersonalData.OutwardCode("GIR 0AA"));
    }

    [Fact]
    public void GivenMetadata_WhenMasked_ThenKeysAndShapeStay_AndEveryValueIsReplaced()
    {
        var metadata = new Metadata("""{"bp":{"sys":112,"dia":70.5},"tags":["a",true],"none":null,"name":"Ada"}""");

        var masked = PersonalData.Metadata(metadata);

        Assert.Equal("""{"bp":{"sys":"[erased]","dia":"[erased]"},"tags":["[erased]","[erased]"],"none":null,"name":"[erased]"}""", masked!.Json);
        Assert.Equal(masked, PersonalData.Metadata(masked));
        Assert.Null(PersonalData.Metadata(null));
    }

    [Fact]
    public void GivenAppointmentEvents_WhenMasked_ThenPersonalFieldsAreReplaced_AndIdsTimesAndWindowsKept()
    {
        var created = new AppointmentCreated(
            "apt_1", "org_1", "p_1", "tsk_1", AppointmentType.Standard, SchedulingMode.PatientLed, null, null, "+447911123456", Home, "ext-1", "Ring twice",
            ["doc_1"], new Metadata("""{"k":"v"}"""), Given.Now);
        Assert.Equal(
            created with { Phone = "+9990000000", Location = PersonalData.Address(Home), Note = "[erased]", Metadata = new Metadata("""{"k":"[erased]"}""") },
            PersonalData.Mask(created));

        var cancelled = new AppointmentCancelled("apt_1", "Moved away", CancellationParty.Patient, CancellationParty.Organisation, "patient_unavailable", "win_1", Given.Now);
        Assert.Equal(cancelled with { Note = "[erased]" }, PersonalData.Mask(cancelled));

        var completed = new AppointmentCompleted("apt_1", Given.Now, new Metadata("""{"result":42}"""), null);
        Assert.Equal(completed with { Data = new Metadata("""{"result":"[erased]"}""") }, PersonalData.Mask(completed));
    }

    [Fact]
    public void GivenAnUpdate_WhenMasked_ThenOnlyTheFieldsItChangedArePresent_AndMasked()
    {
        var updated = new AppointmentUpdated("apt_1", new AppointmentChanges(Note: null, Phone: "+447911123456", Location: Home), Given.Now);

        var masked = PersonalData.Mask(updated).Changes;

        Assert.True(masked.Note.HasValue);
        Assert.Null(masked.Note.Value); // a cleared note stays cleared
        Assert.Equal("+9990000000", masked.Phone.Value);
        Assert.Equal(PersonalData.Address(Home), masked.Location.Value);
        Assert.False(masked.Metadata.HasValue);
        Assert.False(masked.ExternalRef.HasValue);
    }
}
