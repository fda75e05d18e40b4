using System.Text;
using System.Text.Json;
using NodaTime;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Domain.Patients;

/// <summary>
/// What erasure (UK GDPR) leaves of a patient's personal data: the one place that knows which fields are personal
/// and what replaces them, used for the patient record and, as Marten masking rules, for every event type that
/// carries personal data (read models are folded again from the masked events). Ids, statuses, tasks, windows,
/// times, the client's external references, the town and county are kept; the birth date keeps its year and the
/// postcode its outward code. Every function is idempotent: masking a masked value changes nothing.
/// </summary>
public static class PersonalData
{
    /// <summary>What replaces free text (names, notes, address lines, metadata values).</summary>
    public const string Erased = "[erased]";

    /// <summary>Still a well-formed address (the field is required), in a reserved domain that never delivers.</summary>
    public const string ErasedEmail = "erased@erased.invalid";

    /// <summary>Still E.164-shaped (the field is required), in the unassigned country code +999, so never diallable.</summary>
    public const string ErasedPhone = "+9990000000";

    public static string? Text(string? value) => value is null ? null : Erased;

    /// <summary>1 January of the same year: the age band survives, the birthday does not.</summary>
    public static LocalDate DateOfBirth(LocalDate value) => new(value.Year, 1, 1);

    /// <summary>"SW1A 1AA" → "SW1A" (a normalised postcode has one space before its 3-character inward code).</summary>
    public static string OutwardCode(string postcode)
    {
        var space = postcode.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? postcode : postcode[..space];
    }

    /// <summary>Lines replaced (an absent line stays absent), postcode cut to its outward code; town and county kept.</summary>
    public static Address Address(Address value) =>
        value with { Line1 = Erased, Line2 = Text(value.Line2), Line3 = Text(value.Line3), Postcode = OutwardCode(value.Postcode) };

    /// <summary>Same keys and shape, every non-null scalar value replaced: clients' dashboards keep their fields, not the facts.</summary>
    public static Metadata? Metadata(Metadata? value)
    {
        if (value is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(value.Json);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteMasked(document.RootElement, writer);
        }

        return new Metadata(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static Patient Patient(Patient patient, Instant erasedAt) =>
        patient with
        {
            FirstName = Erased,
            LastName = Erased,
            Title = null, // part of the name (and it can tell sex and marital status)
            Sex = null,
            Phone = ErasedPhone,
            Email = ErasedEmail,
            DateOfBirth = DateOfBirth(patient.DateOfBirth),
            NhsNumber = null,
            Address = patient.Address is { } address ? Address(address) : null,
            Note = Text(patient.Note),
            ErasedAt = patient.ErasedAt ?? erasedAt,
        };

    // One rule per appointment event type that carries personal data; the others (scheduled, rescheduled, no-show,
    // link issued, window events, patient events) hold ids and times only.
    public static AppointmentCreated Mask(AppointmentCreated e) =>
        e with { Phone = ErasedPhone, Location = Address(e.Location), Note = Text(e.Note), Metadata = Metadata(e.Metadata) };

    public static AppointmentUpdated Mask(AppointmentUpdated e) =>
        e with
        {
            Changes = e.Changes with
            {
                Note = Map(e.Changes.Note, Text),
                Phone = Map(e.Changes.Phone, _ => ErasedPhone),
                Location = Map(e.Changes.Location, Address),
                Metadata = Map(e.Changes.Metadata, Metadata),
            },
        };

    public static AppointmentCancelled Mask(AppointmentCancelled e) => e with { Note = Text(e.Note) };

    public static AppointmentCompleted Mask(AppointmentCompleted e) => e with { Data = Metadata(e.Data), Note = Text(e.Note) };

    private static Optional<T> Map<T>(Optional<T> value, Func<T, T> mask) => value.HasValue ? new Optional<T>(mask(value.Value)) : value;

    private static void WriteMasked(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    WriteMasked(property.Value, writer);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteMasked(item, writer);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Null:
                writer.WriteNullValue();
                break;
            default:
                writer.WriteStringValue(Erased);
                break;
        }
    }
}
