using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Scheduling.Api.BookingPage;
using Scheduling.Application.Patients.Erase;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Patients;

namespace Scheduling.Api.Contracts;

/// <summary>The bodies <c>GET</c> answers (same options, same records), for rewriting stored responses when a patient is erased.</summary>
public sealed class ResourceBodies(IOptions<JsonOptions> json, IHttpContextAccessor accessor) : IResourceBodies
{
    public string Patient(Patient patient) => JsonSerializer.Serialize(PatientResponse.From(patient), json.Value.SerializerOptions);

    public string Appointment(Appointment appointment) =>
        JsonSerializer.Serialize(
            AppointmentResponse.From(appointment, accessor.HttpContext?.RequestServices.GetService<SchedulingLinks>()?.For(appointment)),
            json.Value.SerializerOptions);
}
