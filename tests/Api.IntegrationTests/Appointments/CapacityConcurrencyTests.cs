using System.Net;
using Npgsql;
using Scheduling.Api.IntegrationTests.Infrastructure;

namespace Scheduling.Api.IntegrationTests.Appointments;

[Collection(ApiCollection.Name)]
public sealed class CapacityConcurrencyTests(ApiFixture fixture)
{
    [Fact]
    public async Task SimultaneousBookings_NeverExceedCapacity()
    {
        const int capacity = 5;
        const int attempts = 40;
        var api = fixture.Client();
        var patientId = await api.CreatePatient();
        var windowId = await api.OpenWindow("tsk_bloodtest", fixture.Clock.InDays(6), capacity);

        using var start = new SemaphoreSlim(0);
        var bookings = Enumerable.Range(0, attempts).Select(async _ =>
        {
            await start.WaitAsync();
            return await fixture.Client().CreateAppointment(RequestBodies.Appointment(patientId, windowId: windowId));
        }).ToArray();
        start.Release(attempts);
        var responses = await Task.WhenAll(bookings);

        Assert.Equal(capacity, responses.Count(r => r.Status == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r => r.AssertProblem(HttpStatusCode.Conflict, "window_full"));

        // What is stored agrees: exactly `capacity` bookings on the window's stream, one appointment stream per success.
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var booked = new NpgsqlCommand(
            "select count(*) from scheduling.mt_events where stream_id = @id and type = 'window.place_booked'", connection);
        booked.Parameters.AddWithValue("id", windowId);
        Assert.Equal(capacity, Convert.ToInt32(await booked.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));

        var createdIds = responses.Where(r => r.Status == HttpStatusCode.Created).Select(r => r.Json!["id"]!.GetValue<string>()).ToArray();
        await using var streams = new NpgsqlCommand("select count(*) from scheduling.mt_streams where id = any(@ids)", connection);
        streams.Parameters.AddWithValue("ids", createdIds);
        Assert.Equal(capacity, Convert.ToInt32(await streams.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));

        // The rejected requests left nothing behind: the patient has exactly the successful appointments.
        await using var ofPatient = new NpgsqlCommand(
            "select count(*) from scheduling.mt_doc_appointmentdetails where data -> 'patient' ->> 'id' = @p", connection);
        ofPatient.Parameters.AddWithValue("p", patientId);
        Assert.Equal(capacity, Convert.ToInt32(await ofPatient.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
