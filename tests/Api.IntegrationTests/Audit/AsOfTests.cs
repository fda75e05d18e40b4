using System.Net;
using NodaTime;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Audit;

/// <summary>An appointment as it was: folded from its events up to an instant or a version.</summary>
[Collection(ApiCollection.Name)]
public sealed class AsOfTests(ApiFixture fixture)
{
    private readonly ApiClient api = fixture.Client();

    [Fact]
    public async Task AsOf_BeforeCreationBetweenEventsAndAfterTheLast()
    {
        var patientId = await api.CreatePatient();
        var beforeCreation = fixture.Clock.GetCurrentInstant();
        fixture.Clock.Advance(Duration.FromMinutes(1));
        var id = (await api.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        fixture.Clock.Advance(Duration.FromMinutes(1));
        var between = fixture.Clock.GetCurrentInstant();
        fixture.Clock.Advance(Duration.FromMinutes(1));
        (await api.Patch($"/v1/appointments/{id}", """{"note":"changed later"}""")).AssertStatus(HttpStatusCode.OK);
        fixture.Clock.Advance(Duration.FromMinutes(1));
        var afterLast = fixture.Clock.GetCurrentInstant();

        (await api.Get($"/v1/appointments/{id}?asOf={ClockDates.Text(beforeCreation)}")).AssertProblem(HttpStatusCode.NotFound, "not_found");

        var then = (await api.Get($"/v1/appointments/{id}?asOf={ClockDates.Text(between)}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(1, then.Json!["version"]!.GetValue<long>());
        Assert.Null(then.Json["note"]);
        Assert.Equal("\"1\"", then.Headers.ETag?.ToString());

        var now = (await api.Get($"/v1/appointments/{id}")).AssertStatus(HttpStatusCode.OK);
        var latest = (await api.Get($"/v1/appointments/{id}?asOf={ClockDates.Text(afterLast)}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(now.Body, latest.Body); // the same fold as the live read model
        var byVersion = (await api.Get($"/v1/appointments/{id}?version=1")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(then.Body, byVersion.Body);
        (await api.Get($"/v1/appointments/{id}?version=3")).AssertProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("asOf=yesterday", "asOf")]
    [InlineData("asOf=2030-01-07T09:00:00", "asOf")]
    [InlineData("version=0", "version")]
    [InlineData("version=two", "version")]
    [InlineData("version=1&asOf=2030-01-07T09:00:00Z", "version")]
    public async Task MalformedAsOfOrVersion_Is400NamingIt(string query, string field)
    {
        var patientId = await api.CreatePatient();
        var id = (await api.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        (await api.Get($"/v1/appointments/{id}?{query}")).AssertFieldError(field);
    }

    [Fact]
    public async Task AsOf_ForAnotherTenantsAppointment_Is404()
    {
        var patientId = await api.CreatePatient();
        var id = (await api.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        (await fixture.Client(DemoKeys.OtherTest).Get($"/v1/appointments/{id}?version=1")).AssertStatus(HttpStatusCode.NotFound);
    }
}
