using System.Text.Json;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Application.Appointments.Create;
using Scheduling.Domain.Appointments;
using Scheduling.Application.Common.Behaviours;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Validation;

namespace Scheduling.Application.Tests.Appointments.Create;

/// <summary>Field rules, through the validation behaviour, so the assertions are on the JSON paths clients see.</summary>
public sealed class CreateAppointmentValidationTests
{
    static CreateAppointmentValidationTests() => new ServiceCollection().AddApplication(); // the global FluentValidation settings

    private static readonly LocalDate Today = new(2026, 11, 24);

    private static async Task<IReadOnlyDictionary<string, string[]>> Errors(CreateAppointment command)
    {
        var behaviour = new ValidationBehaviour<CreateAppointment, Appointment>(
            [new CreateAppointmentValidator(TestOrganisation.Tenant(), TestOrganisation.Clock())]);
        var called = false;
        try
        {
            await behaviour.Handle(command, CancellationToken.None, () =>
            {
                called = true;
                return Task.FromResult<Appointment>(null!);
            });
        }
        catch (RequestValidationException exception)
        {
            Assert.False(called, "the handler ran despite validation errors");
            return exception.Errors;
        }

        Assert.True(called);
        return new Dictionary<string, string[]>();
    }

    private static CreateAppointment Valid => CreateAppointmentHandlerTests.Command();

    [Fact]
    public async Task AValidCommand_ReachesTheHandlerExactlyOnce()
    {
        Assert.Empty(await Errors(Valid));
    }

    public static TheoryData<string, Func<CreateAppointment, CreateAppointment>> BrokenFields => new()
    {
        { "patientId", c => c with { PatientId = "pat_1" } },
        { "taskId", c => c with { TaskId = "tsk_" } },
        { "windowId", c => c with { WindowId = "window_1" } },
        { "phone", c => c with { Phone = "07911123456" } },
        { "phone", c => c with { Phone = "+447700900123" } },
        { "externalRef", c => c with { ExternalRef = new string('r', 257) } },
        { "note", c => c with { Note = new string('n', 2001) } },
        { "location.line1", c => c with { Location = c.Location with { Line1 = " " } } },
        { "location.line1", c => c with { Location = c.Location with { Line1 = new string('l', 201) } } },
        { "location.town", c => c with { Location = c.Location with { Town = "" } } },
        { "location.postcode", c => c with { Location = c.Location with { Postcode = "12345" } } },
        { "location.countryCode", c => c with { Location = c.Location with { CountryCode = "IE" } } },
        { "documentIds", c => c with { DocumentIds = [.. Enumerable.Range(0, 21).Select(i => $"doc_{i}")] } },
        { "documentIds[1]", c => c with { DocumentIds = ["doc_1", "doc_1"] } },
        { "documentIds[0]", c => c with { DocumentIds = ["file_1"] } },
        { "planTo", c => c with { TaskId = "tsk_preop", PlanFrom = Today.PlusDays(1) } },
        { "planFrom", c => c with { TaskId = "tsk_preop", PlanTo = Today.PlusDays(9) } },
        { "planTo", c => c with { TaskId = "tsk_preop", PlanFrom = Today.PlusDays(9), PlanTo = Today.PlusDays(1) } },
        { "planFrom", c => c with { TaskId = "tsk_preop", PlanFrom = Today.PlusDays(-1), PlanTo = Today.PlusDays(9) } },
        { "planTo", c => c with { TaskId = "tsk_preop", PlanFrom = Today, PlanTo = Today.PlusDays(6) } },
        { "metadata", c => c with { Metadata = JsonDocument.Parse("[1,2]").RootElement.Clone() } },
        { "metadata", c => c with { Metadata = JsonDocument.Parse($"{{\"a\":\"{new string('x', 16 * 1024)}\"}}").RootElement.Clone() } },
        { "metadata", c => c with { Metadata = Nested(11) } },
    };

    [Theory]
    [MemberData(nameof(BrokenFields))]
    public async Task ABrokenField_IsReportedUnderItsJsonPath(string path, Func<CreateAppointment, CreateAppointment> breakIt)
    {
        var errors = await Errors(breakIt(Valid));
        Assert.True(errors.ContainsKey(path), $"no error for {path}; got {string.Join(", ", errors.Keys)}");
    }

    [Fact]
    public async Task MinimumPlanDays_MessageNamesTheMinimum()
    {
        var errors = await Errors(Valid with { TaskId = "tsk_preop", PlanFrom = Today, PlanTo = Today.PlusDays(6) });
        Assert.Contains("7 days", errors["planTo"].Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("07911123456")]
    [InlineData("+447700900123")]
    [InlineData("+4479")]
    public async Task APhoneMessage_CitesAnExampleTheValidatorAccepts(string broken)
    {
        var message = (await Errors(Valid with { Phone = broken }))["phone"].Single();
        var cited = System.Text.RegularExpressions.Regex.Match(message, @"\+\d{6,15}");
        Assert.True(cited.Success, $"the message cites no example number: {message}");
        Assert.Empty(await Errors(Valid with { Phone = cited.Value }));
    }

    [Fact]
    public async Task MetadataTenLevelsDeep_IsAccepted()
    {
        Assert.Empty(await Errors(Valid with { Metadata = Nested(10) }));
    }

    [Fact]
    public async Task EveryBrokenField_IsReportedAtOnce()
    {
        var errors = await Errors(Valid with { PatientId = "x", TaskId = "y", Phone = "0", Location = Valid.Location with { Postcode = "?" } });
        Assert.Equal(["location.postcode", "patientId", "phone", "taskId"], errors.Keys.Order());
    }

    [Fact]
    public async Task APlanOnAStandardOnlyTask_PassesValidation_ForTheAggregateToRefuse()
    {
        // scheduled_not_enabled needs the task's settings: a 422 from the aggregate, not a field error.
        Assert.Empty(await Errors(Valid with { PlanFrom = Today.PlusDays(1), PlanTo = Today.PlusDays(2) }));
    }

    private static JsonElement Nested(int depth) =>
        JsonDocument.Parse(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)).RootElement.Clone();
}
