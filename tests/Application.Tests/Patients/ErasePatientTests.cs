using NodaTime;
using NSubstitute;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Persistence;
using Scheduling.Application.Patients;
using Scheduling.Application.Patients.Erase;
using Scheduling.Domain.Common;
using Scheduling.Domain.Patients;

namespace Scheduling.Application.Tests.Patients;

public sealed class ErasePatientTests
{
    private static readonly Patient Ada = Patient.Register(
        "p_1",
        new PatientDetails("Ada", "Lovelace", PhoneNumber.Create("+447911123456"), "ada@example.com", new LocalDate(1980, 7, 14), "9434765919", null, null, null, null, "note"),
        new LocalDate(2026, 11, 24),
        TestOrganisation.Now - Duration.FromDays(30));

    private readonly IPatients patients = Substitute.For<IPatients>();
    private readonly IPatientErasure erasure = Substitute.For<IPatientErasure>();
    private readonly IUnitOfWork unitOfWork = Substitute.For<IUnitOfWork>();

    private Task<Patient> Erase(string id) =>
        new ErasePatientHandler(patients, erasure, unitOfWork, TestOrganisation.Clock()).Handle(new ErasePatient(id), CancellationToken.None);

    [Fact]
    public async Task Handle_StagesTheMaskedPatientAndOneErasedEvent_ThenCommitsOnce()
    {
        var loaded = new PatientForUpdate(Ada, 3);
        patients.Load("p_1", Arg.Any<CancellationToken>()).Returns(loaded);

        var erased = await Erase("p_1");

        Assert.Equal(PersonalData.Erased, erased.FirstName);
        Assert.Equal(TestOrganisation.Now, erased.ErasedAt);
        await erasure.Received(1).Stage(loaded, erased, new PatientErased("p_1", TestOrganisation.Now), Arg.Any<CancellationToken>());
        await unitOfWork.Received(1).Commit(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_AnErasedPatient_MasksAgainWithoutASecondEvent()
    {
        var (once, _) = Ada.Erase(TestOrganisation.Now - Duration.FromDays(1));
        patients.Load("p_1", Arg.Any<CancellationToken>()).Returns(new PatientForUpdate(once, 4));

        var again = await Erase("p_1");

        Assert.Equal(once, again);
        await erasure.Received(1).Stage(Arg.Any<PatientForUpdate>(), once, null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_AnUnknownPatient_IsNotFound_AndStagesNothing()
    {
        patients.Load("p_x", Arg.Any<CancellationToken>()).Returns((PatientForUpdate?)null);

        await Assert.ThrowsAsync<NotFoundException>(() => Erase("p_x"));

        await erasure.DidNotReceiveWithAnyArgs().Stage(default!, default!, default, default);
        await unitOfWork.DidNotReceiveWithAnyArgs().Commit(default);
    }
}
