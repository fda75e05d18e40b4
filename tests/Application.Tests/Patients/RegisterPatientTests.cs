using NodaTime;
using NSubstitute;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Patients;
using Scheduling.Application.Patients.Register;
using Scheduling.Domain.Patients;

namespace Scheduling.Application.Tests.Patients;

public sealed class RegisterPatientTests
{
    private static readonly RegisterPatient Valid = new("Ada", "Lovelace", "+447911123456", "ada@example.com", new LocalDate(1980, 1, 2), "9434765919", null, null);

    private static IEnumerable<string> BrokenProperties(RegisterPatient command) =>
        new RegisterPatientValidator(TestOrganisation.Tenant(), TestOrganisation.Clock()).Validate(command).Errors.Select(e => e.PropertyName).Distinct();

    [Fact]
    public void AValidPatient_PassesValidation() => Assert.Empty(BrokenProperties(Valid));

    public static TheoryData<string, Func<RegisterPatient, RegisterPatient>> Broken => new()
    {
        { "firstName", p => p with { FirstName = "A" } },
        { "firstName", p => p with { FirstName = new string('a', 101) } },
        { "lastName", p => p with { LastName = " " } },
        { "phone", p => p with { Phone = "+44" } },
        { "email", p => p with { Email = "ada.example.com" } },
        { "email", p => p with { Email = "ada@example" } },
        { "email", p => p with { Email = "a da@example.com" } },
        { "email", p => p with { Email = "ada@@example.com" } },
        { "dateOfBirth", p => p with { DateOfBirth = new LocalDate(2026, 11, 24) } },
        { "nhsNumber", p => p with { NhsNumber = "9434765918" } },
        { "address.postcode", p => p with { Address = new Scheduling.Application.Common.Validation.AddressInput("1 Road", null, null, "Town", null, "bad", null) } },
        { "note", p => p with { Note = new string('n', Patient.MaxNoteLength + 1) } },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void ABrokenField_IsReported(string property, Func<RegisterPatient, RegisterPatient> breakIt)
    {
        Assert.Contains(property, BrokenProperties(breakIt(Valid)));
    }

    [Fact]
    public async Task Handle_StoresThePatientWithAGeneratedIdAndCommits()
    {
        var patients = Substitute.For<IPatients>();
        var unitOfWork = Substitute.For<IUnitOfWork>();

        var patient = await new RegisterPatientHandler(TestOrganisation.Tenant(), patients, unitOfWork, TestOrganisation.Clock()).Handle(Valid, CancellationToken.None);

        Assert.StartsWith("p_", patient.Id, StringComparison.Ordinal);
        patients.Received(1).Add(
            Arg.Is<Patient>(p => p.Id == patient.Id && p.Email == "ada@example.com" && p.UpdatedAt == p.CreatedAt),
            Arg.Is<PatientRegistered>(e => e.PatientId == patient.Id && e.RegisteredAt == TestOrganisation.Now));
        await unitOfWork.Received(1).Commit(Arg.Any<CancellationToken>());
    }
}
