// Compiled at test time together with the Kiota client generated from the served document (see GeneratedClientTests).
// The client code is unedited; only the HttpClient (the service under test, with the API key) is ours.
using System;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Scheduling.Client.Kiota;
using Scheduling.Client.Kiota.Models;

namespace Scheduling.Client.Flows;

public static class KiotaFlows
{
    public static async Task Run(HttpClient http)
    {
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        };
        var client = new SchedulingClient(adapter);

        // Patient create + get, with a date of birth.
        var created = await client.V1.Patients.PostAsync(new RegisterPatientRequest
        {
            FirstName = "Ada", LastName = "Lovelace", Phone = "+447911123456", Email = "ada@example.com", DateOfBirth = new Date(1980, 1, 2),
        });
        Check.That(created?.Id?.StartsWith("p_", StringComparison.Ordinal) == true, "created patient has a p_ id");
        Check.Equal(new Date(1980, 1, 2), created!.DateOfBirth, "created dateOfBirth");
        var fetched = await client.V1.Patients[created.Id!].GetAsync();
        Check.Equal(created.Id, fetched?.Id, "fetched patient id");
        Check.Equal(new Date(1980, 1, 2), fetched!.DateOfBirth, "fetched dateOfBirth");

        // A validation error as a typed problem.
        try
        {
            await client.V1.Patients.PostAsync(new RegisterPatientRequest
            {
                FirstName = "Ada", LastName = "Lovelace", Phone = "07911123456", Email = "ada@example.com", DateOfBirth = new Date(1980, 1, 2),
            });
            Check.That(false, "a bad phone is refused");
        }
        catch (ProblemDetails problem)
        {
            Check.Equal(400, problem.Status, "problem status");
            Check.Equal("validation_failed", problem.Code, "problem code");
            Check.That(problem.Errors?.AdditionalData.ContainsKey("phone") == true, "problem errors name 'phone'");
            Check.That(!string.IsNullOrEmpty(problem.Message) && problem.Message == problem.Detail, "the exception message is the problem's detail");
        }

        // A window with offset instants, and a choose-a-time appointment in it.
        var window = await client.V1.Availability.Windows.PostAsync(new OpenWindowRequest
        {
            TaskId = "tsk_bloodtest",
            Start = new DateTimeOffset(2031, 1, 7, 10, 0, 0, TimeSpan.FromHours(1)),
            End = new DateTimeOffset(2031, 1, 7, 12, 0, 0, TimeSpan.FromHours(1)),
            Capacity = 2,
        });
        Check.Equal(new DateTimeOffset(2031, 1, 7, 9, 0, 0, TimeSpan.Zero), window!.Start, "window start in UTC");
        Check.Equal(2, window.Capacity, "window capacity");

        var appointment = await client.V1.Appointments.PostAsync(new CreateAppointmentRequest
        {
            PatientId = created.Id, TaskId = "tsk_bloodtest", WindowId = window.Id, Phone = "+447911123456",
            Location = new AddressRequest { Line1 = "1 High Street", Town = "London", Postcode = "sw1a 1aa" },
        });
        Check.Equal(AppointmentStatus.Scheduled, appointment!.Status, "appointment status");
        Check.Equal(SchedulingMode.Choose_a_time, appointment.SchedulingMode, "scheduling mode");
        Check.Equal(window.Start, appointment.Window?.Start, "appointment window start");
        var read = await client.V1.Appointments[appointment.Id!].GetAsync();
        Check.Equal(appointment.Id, read?.Id, "fetched appointment id");

        // A 404 as a typed problem.
        try
        {
            await client.V1.Appointments["apt_missing"].GetAsync();
            Check.That(false, "an unknown appointment is 404");
        }
        catch (ProblemDetails problem)
        {
            Check.Equal(404, problem.Status, "404 status");
            Check.Equal("appointment_not_found", problem.Code, "404 code");
        }
    }
}
