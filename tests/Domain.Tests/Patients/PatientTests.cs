using NodaTime;
using Scheduling.Domain.Common;
using Scheduling.Domain.Patients;

namespace Scheduling.Domain.Tests.Patients;

public sealed class PatientTests
{
    private static readonly PatientDetails Ada = new(
        "Ada", "Lovelace", Given.Phone, "ada@example.com", new LocalDate(1980, 1, 2), "9434765919", "crm-1", null, PatientTitle.Dr, PatientSex.Female, "Prefers mornings");

    private static Patient Registered() => Patient.Register("p_1", Ada, Given.Today, Given.Now);

    [Fact]
    public void GivenValidDetails_WhenRegister_ThenCreatedAndUpdatedAtAreNow()
    {
        var patient = Registered();

        Assert.Equal(Given.Now, patient.CreatedAt);
        Assert.Equal(Given.Now, patient.UpdatedAt);
        Assert.Equal(Ada, patient.Details);
    }

    [Fact]
    public void GivenANoteOver2000Characters_WhenRegister_ThenInvalidNote()
    {
        var error = Assert.Throws<DomainException>(() => Patient.Register("p_1", Ada with { Note = new string('n', 2001) }, Given.Today, Given.Now));
        Assert.Equal("note", error.Field);
    }

    [Fact]
    public void GivenANoteOf2000Characters_WhenCheckNote_ThenNoViolation() => Assert.Null(Patient.CheckNote(new string('n', 2000)));

    [Fact]
    public void GivenAPatient_WhenAmendLastNameAndClearNote_ThenOnlyThoseFieldsAreNamedAndUpdatedAtMoves()
    {
        var later = Given.Now + Duration.FromHours(1);

        var (amended, fields) = Registered().Amend(Ada with { LastName = "King", Note = null }, Given.Today, later);

        Assert.Equal(["lastName", "note"], fields);
        Assert.Equal("King", amended.LastName);
        Assert.Null(amended.Note);
        Assert.Equal(Given.Now, amended.CreatedAt);
        Assert.Equal(later, amended.UpdatedAt);
    }

    [Fact]
    public void GivenAPatient_WhenAmendWithTheSameDetails_ThenNothingChanges()
    {
        var patient = Registered();

        var (amended, fields) = patient.Amend(Ada, Given.Today, Given.Now + Duration.FromHours(1));

        Assert.Empty(fields);
        Assert.Same(patient, amended);
    }

    [Fact]
    public void GivenAPatient_WhenAmendBreaksCreatesRule_ThenInvalidAndNoChange()
    {
        var error = Assert.Throws<DomainException>(() => Registered().Amend(Ada with { NhsNumber = "9434765918" }, Given.Today, Given.Now));
        Assert.Equal("nhsNumber", error.Field);
    }
}
