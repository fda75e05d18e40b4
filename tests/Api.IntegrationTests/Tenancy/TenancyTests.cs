using System.Net;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Tenancy;

[Collection(ApiCollection.Name)]
public sealed class TenancyTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("")]
    [InlineData("test_demo_0000000000000001")]
    [InlineData("Bearer ")]
    [InlineData("Basic dGVzdDp0ZXN0")]
    [InlineData("demo_0000000000000000")]
    public async Task MissingOrUnknownKey_Is401Problem(string authorization)
    {
        var response = await fixture.Client().Send(HttpMethod.Get, "/v1/patients/p_x", keyOverride: authorization);
        response.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task BearerAndBareKeys_BothAuthenticate()
    {
        var bare = await fixture.Client().Send(HttpMethod.Get, "/v1/patients/p_x", keyOverride: DemoKeys.DemoTest);
        var bearer = await fixture.Client().Send(HttpMethod.Get, "/v1/patients/p_x", keyOverride: $"Bearer {DemoKeys.DemoTest}");
        bare.AssertProblem(HttpStatusCode.NotFound, "patient_not_found");
        bearer.AssertProblem(HttpStatusCode.NotFound, "patient_not_found");
    }

    [Fact]
    public async Task AnotherOrganisation_CannotSeeOrUseResources()
    {
        var demo = fixture.Client();
        var patientId = await demo.CreatePatient();
        var windowId = await demo.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(5));
        var appointment = (await demo.CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId))).AssertStatus(HttpStatusCode.Created);
        var appointmentId = appointment.Json!["id"]!.GetValue<string>();

        var other = fixture.Client(DemoKeys.OtherTest);
        (await other.Get($"/v1/patients/{patientId}")).AssertProblem(HttpStatusCode.NotFound, "patient_not_found");
        (await other.Get($"/v1/appointments/{appointmentId}")).AssertProblem(HttpStatusCode.NotFound, "appointment_not_found");
        (await other.CreateAppointment(RequestBodies.Appointment(patientId))).AssertProblem(HttpStatusCode.UnprocessableEntity, "patient_not_found");
        var ownPatient = await other.CreatePatient();
        (await other.CreateAppointment(RequestBodies.Appointment(ownPatient, windowId: windowId)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "window_not_found");
    }

    [Fact]
    public async Task LiveAndTestModes_NeverMix()
    {
        var test = fixture.Client(DemoKeys.DemoTest);
        var live = fixture.Client(DemoKeys.DemoLive);
        var patientId = await test.CreatePatient();
        var appointmentId = (await test.CreateAppointment(RequestBodies.Appointment(patientId))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        (await live.Get($"/v1/patients/{patientId}")).AssertProblem(HttpStatusCode.NotFound, "patient_not_found");
        (await live.Get($"/v1/appointments/{appointmentId}")).AssertProblem(HttpStatusCode.NotFound, "appointment_not_found");
        (await test.Get($"/v1/appointments/{appointmentId}")).AssertStatus(HttpStatusCode.OK);
    }
}
