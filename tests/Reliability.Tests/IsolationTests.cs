using System.Net;
using System.Text.Json.Nodes;
using Scheduling.Reliability.Tests.Infrastructure;

namespace Scheduling.Reliability.Tests;

/// <summary>
/// For every endpoint that takes an id, another tenant's id — another organisation, or the same organisation's
/// other mode — answers exactly like an id that does not exist: same status, code and title, and a detail that
/// differs only by the id itself.
/// </summary>
public sealed class IsolationTests : ClusterTest
{
    [Fact]
    public async Task ForeignIds_AreIndistinguishableFromMissingOnes_OnEveryEndpoint()
    {
        var service = await StartService();
        using var owner = new Http(service.BaseAddress, Http.DemoKey);
        var patientId = await owner.Patient();
        var windowId = await owner.Window(capacity: 5);
        var appointmentId = (await owner.Post("/v1/appointments", Http.Appointment(patientId, windowId, "isolation"))).Id;
        var patientLedId = (await owner.Post("/v1/appointments", Http.Appointment(patientId))).Id;

        foreach (var strangerKey in new[] { Http.OtherKey, Http.DemoLiveKey })
        {
            using var stranger = new Http(service.BaseAddress, strangerKey);
            var strangerPatient = await stranger.Patient();
            var probes = new (string Name, Func<string, Task<Reply>> Call, string Foreign, string Missing)[]
            {
                ("GET patient", id => stranger.Get($"/v1/patients/{id}"), patientId, "p_missing0000"),
                ("GET appointment", id => stranger.Get($"/v1/appointments/{id}"), appointmentId, "apt_missing0000"),
                ("GET events", id => stranger.Get($"/v1/appointments/{id}/events"), appointmentId, "apt_missing0000"),
                ("POST schedule", id => stranger.Post($"/v1/appointments/{id}/schedule", new { windowId }), patientLedId, "apt_missing0000"),
                ("POST cancel", id => stranger.Post($"/v1/appointments/{id}/cancel", Http.CancelBody), appointmentId, "apt_missing0000"),
                ("POST complete", id => stranger.Send(HttpMethod.Post, $"/v1/appointments/{id}/complete"), appointmentId, "apt_missing0000"),
                ("create with a foreign patient", id => stranger.Post("/v1/appointments", Http.Appointment(id)), patientId, "p_missing0000"),
                ("create with a foreign window", id => stranger.Post("/v1/appointments", Http.Appointment(strangerPatient, id)), windowId, "win_missing0000"),
            };

            foreach (var (name, call, foreign, missing) in probes)
            {
                var foreignReply = await call(foreign);
                var missingReply = await call(missing);
                Assert.True(foreignReply.Status is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity, $"{name}: {(int)foreignReply.Status} {foreignReply.Body}");
                Assert.Equal(missingReply.Status, foreignReply.Status);
                Assert.Equal(missingReply.Json!["code"]!.GetValue<string>(), foreignReply.Json!["code"]!.GetValue<string>());
                Assert.Equal(missingReply.Json["title"]!.GetValue<string>(), foreignReply.Json["title"]!.GetValue<string>());
                Assert.Equal(
                    missingReply.Json["detail"]!.GetValue<string>().Replace(missing, "{id}", StringComparison.Ordinal),
                    foreignReply.Json["detail"]!.GetValue<string>().Replace(foreign, "{id}", StringComparison.Ordinal));
            }

            // Lists and availability never show the owner's data either.
            var listed = await stranger.Get("/v1/appointments?filter=externalRef:%22isolation%22");
            Assert.Empty(listed.Json!["data"]!.AsArray());
            var day = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var to = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var windows = (await stranger.Get($"/v1/availability?taskId=tsk_bloodtest&from={day}&to={to}")).Json!["data"]!.AsArray();
            Assert.DoesNotContain(windows, w => w!["id"]!.GetValue<string>() == windowId);
        }

        // And nothing the strangers tried changed the owner's appointments.
        var after = (await owner.Get($"/v1/appointments/{appointmentId}")).Json!;
        Assert.Equal("scheduled", after["status"]!.GetValue<string>());
        Assert.Equal(2, after["version"]!.GetValue<long>());
        Assert.Equal("scheduling", (await owner.Get($"/v1/appointments/{patientLedId}")).Json!["status"]!.GetValue<string>());
    }
}
