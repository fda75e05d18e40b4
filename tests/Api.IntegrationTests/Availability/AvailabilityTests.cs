using System.Net;
using NodaTime;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Availability;

[Collection(ApiCollection.Name)]
public sealed class AvailabilityTests(ApiFixture fixture)
{
    // Each test uses its own organisation's task set via the live-mode tenant to keep listings independent of other tests.
    private readonly ApiClient api = fixture.Client(DemoKeys.DemoLive);

    /// <summary>For the bodies that fail before time matters: any fixed instant does.</summary>
    private static readonly Instant FixedStart = Instant.FromUtc(2026, 12, 1, 10, 0);

    [Fact]
    public async Task List_ReturnsFutureWindowsWithAFreePlaceInRange_OrderedByStart()
    {
        var baseDay = fixture.Clock.InDays(40, hour: 0);
        var late = await api.OpenWindow("tsk_preop", baseDay + Duration.FromHours(15));
        var early = await api.OpenWindow("tsk_preop", baseDay + Duration.FromHours(9));
        var full = await api.OpenWindow("tsk_preop", baseDay + Duration.FromHours(12), capacity: 1);
        var outOfRange = await api.OpenWindow("tsk_preop", baseDay + Duration.FromDays(3) + Duration.FromHours(9));
        var otherTask = await api.OpenWindow("tsk_bloodtest", baseDay + Duration.FromHours(10));
        var patientId = await api.CreatePatient();
        (await api.CreateAppointment(RequestBodies.Appointment(patientId, "tsk_preop", full))).AssertStatus(HttpStatusCode.Created);

        var listed = (await api.Get($"/v1/availability?taskId=tsk_preop&from={ClockDates.Day(baseDay)}&to={ClockDates.Day(baseDay + Duration.FromDays(1))}"))
            .AssertStatus(HttpStatusCode.OK);

        var ids = listed.Json!["data"]!.AsArray().Select(w => w!["id"]!.GetValue<string>()).ToList();
        Assert.Equal([early, late], ids);
        Assert.DoesNotContain(outOfRange, ids);
        Assert.DoesNotContain(otherTask, ids);
        var first = listed.Json["data"]![0]!;
        Assert.Equal("tsk_preop", first["taskId"]!.GetValue<string>());
        Assert.Equal(5, first["capacity"]!.GetValue<int>());
        Assert.Equal(5, first["remaining"]!.GetValue<int>());
        Assert.Null(first["bookedAppointmentIds"]);
    }

    [Fact]
    public async Task List_LeavesOutWindowsThatHaveStarted()
    {
        var start = fixture.Clock.FromNow(-Duration.FromMinutes(30));
        var started = await api.OpenWindow("tsk_bloodtest", start);
        var day = ClockDates.Day(start);
        var listed = (await api.Get($"/v1/availability?taskId=tsk_bloodtest&from={day}&to={day}")).AssertStatus(HttpStatusCode.OK);
        Assert.DoesNotContain(listed.Json!["data"]!.AsArray(), w => w!["id"]!.GetValue<string>() == started);
    }

    [Theory]
    [InlineData("taskId=tsk_preop&from=2026-02-30&to=2026-03-01", "from")]
    [InlineData("taskId=tsk_preop&from=2026-03-02&to=2026-03-01", "to")]
    [InlineData("from=2026-03-01&to=2026-03-02", "taskId")]
    [InlineData("taskId=tsk_preop&from=2026-03-01", "to")]
    public async Task List_WithBadParameters_Is400(string query, string field)
    {
        (await api.Get($"/v1/availability?{query}")).AssertFieldError(field);
    }

    [Fact]
    public async Task List_ForAnUnknownTask_Is422()
    {
        (await api.Get("/v1/availability?taskId=tsk_nope&from=2026-03-01&to=2026-03-02")).AssertProblem(HttpStatusCode.UnprocessableEntity, "task_not_found");
    }

    [Theory]
    [InlineData("2026-12-01T10:00:00Z", "2026-12-01T09:00:00Z", 5, "end")]
    [InlineData("2026-12-01T10:00:00Z", "2026-12-01T22:00:01Z", 5, "end")]
    [InlineData("2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z", 0, "capacity")]
    [InlineData("2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z", 101, "capacity")]
    public async Task Open_WithBrokenFields_Is400(string start, string end, int capacity, string field)
    {
        var body = RequestBodies.Window("tsk_preop", FixedStart, capacity);
        body["start"] = start;
        body["end"] = end;
        (await api.Post("/v1/availability/windows", body)).AssertFieldError(field);
    }

    [Fact]
    public async Task Open_WithALocalTimeInsteadOfAnInstant_Is400()
    {
        var body = RequestBodies.Window("tsk_preop", FixedStart, capacity: 1, length: Duration.FromHours(1));
        body["start"] = "2026-12-01T10:00:00";
        (await api.Post("/v1/availability/windows", body)).AssertFieldError("start");
    }

    [Fact]
    public async Task Open_ForAnUnknownTask_Is422()
    {
        (await api.Post("/v1/availability/windows", RequestBodies.Window("tsk_nope", FixedStart, capacity: 1, length: Duration.FromHours(1))))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "task_not_found");
    }
}
