using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using MediatR;
using NodaTime;
using NodaTime.Text;
using Scheduling.Application.Appointments.GetById;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Application.Common.Tenancy;

namespace Scheduling.Application.Appointments.List;

/// <summary><c>GET /v1/appointments?filter=…&amp;limit=…&amp;cursor=…</c>, raw query values as sent.</summary>
public sealed record ListAppointments(IReadOnlyList<string> Filters, string? Limit, string? Cursor) : IRequest<AppointmentPage>;

public sealed record AppointmentPage(IReadOnlyList<AppointmentDetails> Data, string? NextCursor);

public interface IAppointmentListQueries
{
    /// <summary>At most <c>query.Limit</c> appointments of the caller's tenant, newest first, after the cursor.</summary>
    Task<IReadOnlyList<AppointmentDetails>> List(AppointmentListQuery query, CancellationToken cancellationToken);
}

public sealed class ListAppointmentsHandler(ITenantContext tenant, IAppointmentListQueries queries) : IRequestHandler<ListAppointments, AppointmentPage>
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxFilters = 10;

    public async Task<AppointmentPage> Handle(ListAppointments request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var filters = new List<AppointmentFilter>();
        if (request.Filters.Count > MaxFilters)
        {
            errors["filter"] = [$"At most {MaxFilters} filters can be combined."];
        }

        foreach (var (text, index) in request.Filters.Select((f, i) => (f, i)))
        {
            try
            {
                filters.Add(FilterParser.Parse(text, tenant.Organisation.TimeZone));
            }
            catch (FilterSyntaxException exception)
            {
                errors[request.Filters.Count == 1 ? "filter" : $"filter[{index}]"] = [exception.Message];
            }
        }

        var limit = DefaultLimit;
        if (request.Limit is not null && (!int.TryParse(request.Limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"'limit' must be a whole number from 1 to {MaxLimit}."];
        }

        ListCursor? after = null;
        if (request.Cursor is not null && !CursorCodec.TryDecode(request.Cursor, out after))
        {
            errors["cursor"] = ["'cursor' is not a cursor this API returned; start again without it."];
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        // One extra row tells whether there is a next page without a count query.
        var rows = await queries.List(new AppointmentListQuery(filters, limit + 1, after), cancellationToken);
        var page = rows.Take(limit).ToArray();
        var next = rows.Count > limit ? CursorCodec.Encode(new ListCursor(page[^1].CreatedAt, page[^1].Id)) : null;
        return new AppointmentPage(page, next);
    }
}

/// <summary>Opaque cursors: base64url of a small versioned JSON array. Clients must not build them.</summary>
public static class CursorCodec
{
    public static string Encode(ListCursor cursor) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new[] { "v1", InstantPattern.ExtendedIso.Format(cursor.CreatedAt), cursor.Id }));

    public static bool TryDecode(string text, out ListCursor? cursor)
    {
        cursor = null;
        if (text.Length is 0 or > 512 || !Base64Url.IsValid(text))
        {
            return false;
        }

        try
        {
            var parts = JsonSerializer.Deserialize<string[]>(Base64Url.DecodeFromChars(text));
            if (parts is not ["v1", var createdAt, var id] || InstantPattern.ExtendedIso.Parse(createdAt) is not { Success: true } instant)
            {
                return false;
            }

            cursor = new ListCursor(instant.Value, id);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
