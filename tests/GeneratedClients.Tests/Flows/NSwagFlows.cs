// Compiled at test time together with the NSwag client generated from the served document (see GeneratedClientTests).
// The client code is unedited; only the HttpClient (the service under test, with the API key) is ours.
using System;
using System.Net.Http;
using System.Threading.Tasks;
using Scheduling.Client.NSwag;

// Optional query parameters are positional in NSwag methods (GetAppointmentAsync(id, asOf, version)): pass null for "not given".

namespace Scheduling.Client.Flows;

public static class NSwagFlows
{
    public static async Task Run(HttpClient http)
    {
        var client = new SchedulingClient(http) { BaseUrl = http.BaseAddress!.ToString() };

        // Patient create + get, with a date of birth.
        var created = await client.RegisterPatientAsync(null, new RegisterPatientRequest
        {
            FirstName = "Ada", LastName = "Lovelace", Phone = "+447911123456", Email = "ada@example.com", DateOfBirth = new DateOnly(1980, 1, 2),
        });
        Check.That(created.Id.StartsWith("p_", StringComparison.Ordinal), "created patient has a p_ id");
        Check.Equal(new DateOnly(1980, 1, 2), created.DateOfBirth, "created dateOfBirth");
        var fetched = await client.GetPatientAsync(created.Id);
        Check.Equal(created.Id, fetched.Id, "fetched patient id");

        // A validation error as a typed problem.
        try
        {
            await client.RegisterPatientAsync(null, new RegisterPatientRequest
            {
                FirstName = "Ada", LastName = "Lovelace", Phone = "07911123456", Email = "ada@example.com", DateOfBirth = new DateOnly(1980, 1, 2),
            });
            Check.That(false, "a bad phone is refused");
        }
        catch (ApiException<ProblemDetails> problem)
        {
            Check.Equal(400, problem.StatusCode, "problem status");
            Check.Equal("validation_failed", problem.Result.Code, "problem code");
            Check.That(problem.Result.Errors?.ContainsKey("phone") == true, "problem errors name 'phone'");
        }

        // A window with offset instants, and a choose-a-time appointment in it.
        var window = await client.OpenAvailabilityWindowAsync(null, new OpenWindowRequest
        {
            TaskId = "tsk_bloodtest",
            Start = new DateTimeOffset(2031, 1, 7, 10, 0, 0, TimeSpan.FromHours(1)),
            End = new DateTimeOffset(2031, 1, 7, 12, 0, 0, TimeSpan.FromHours(1)),
            Capacity = 2,
        });
        Check.Equal(new DateTimeOffset(2031, 1, 7, 9, 0, 0, TimeSpan.Zero), window.Start, "window start in UTC");

        var appointment = await client.CreateAppointmentAsync(null, new CreateAppointmentRequest
        {
            PatientId = created.Id, TaskId = "tsk_bloodtest", WindowId = window.Id, Phone = "+447911123456",
            Location = new AddressRequest { Line1 = "1 High Street", Town = "London", Postcode = "sw1a 1aa" },
        });
        Check.Equal(AppointmentStatus.Scheduled, appointment.Status, "appointment status");
        Check.Equal(SchedulingMode.Choose_a_time, appointment.SchedulingMode, "scheduling mode");
        var read = await client.GetAppointmentAsync(appointment.Id, null, null);
        Check.Equal(appointment.Id, read.Id, "fetched appointment id");

        // A 404 as a typed problem.
        try
        {
            await client.GetAppointmentAsync("apt_missing", null, null);
            Check.That(false, "an unknown appointment is 404");
        }
        catch (ApiException<ProblemDetails> problem)
        {
            Check.Equal(404, problem.StatusCode, "404 status");
            Check.Equal("appointment_not_found", problem.Result.Code, "404 code");
        }
    }
}
