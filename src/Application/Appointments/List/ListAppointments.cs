using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using MediatR;
using NodaTime;
using NodaTime.Text;
using System.Globalization;
using FluentValidation;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Application.Common.Validation;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Appointments.List;

/// <summary><c>GET /v1/appointments?filter=…&amp;limit=…&amp;cursor=…</c>, raw query values as sent.</summary>
public sealed record ListAppointments(IReadOnlyList<string> Filters, string? Limit, string? Cursor) : IRequest<AppointmentPage>;

public sealed record AppointmentPage(IReadOnlyList<Appointment> Data, string? NextCursor);

public interface IAppointmentListQueries
{
    /// <summary>At most <c>query.Limit</c> appointments of the caller's tenant, newest first, after the cursor.</summary>
    Task<IReadOnlyList<Appointment>> List(AppointmentListQuery query, CancellationToken cancellationToken);
}

/// <summary>The query's stateless rules: every filter parses, at most 10 of them, limit 1–100, a cursor this API issued.</summary>
public sealed class ListAppointmentsValidator : AbstractValidator<ListAppointments>
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxFilters = 10;

    public ListAppointmentsValidator(ITenantContext tenant)
    {
        RuleFor(q => q.Filters).Satisfies(filters => CheckFilters(filters, tenant.Organisation.TimeZone));
        RuleFor(q => q.Limit).Satisfies(limit => ParseLimit(limit) is null ? RuleViolation.Invalid("limit", $"'limit' must be a whole number from 1 to {MaxLimit}.") : null);
        RuleFor(q => q.Cursor).Satisfies(cursor => cursor is not null && !CursorCodec.TryDecode(cursor, out _)
            ? RuleViolation.Invalid("cursor", "'cursor' is not a cursor this API returned; start again without it.")
            : null);
    }

    /// <summary>The page size asked for, the default when absent, null when it is not a whole number from 1 to 100.</summary>
    public static int? ParseLimit(string? limit) =>
        limit is null ? DefaultLimit
        : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxLimit ? value
        : null;

    private static IEnumerable<RuleViolation> CheckFilters(IReadOnlyList<string> filters, DateTimeZone zone)
    {
        if (filters.Count > MaxFilters)
        {
            yield return RuleViolation.Invalid("filter", $"At most {MaxFilters} filters can be combined.");
        }

        for (var i = 0; i < filters.Count; i++)
        {
            if (FilterParser.TryParse(filters[i], zone, out _) is { } problem)
            {
                yield return RuleViolation.Invalid(filters.Count == 1 ? "filter" : $"filter[{i}]", problem);
            }
        }
    }
}

public sealed class ListAppointmentsHandler(ITenantContext tenant, IAppointmentListQueries queries) : IRequestHandler<ListAppointments, AppointmentPage>
{
    public async Task<AppointmentPage> Handle(ListAppointments request, CancellationToken cancellationToken)
    {
        // The validator accepted every value, so parsing cannot fail here.
        var filters = request.Filters.Select(f => FilterParser.Parse(f, tenant.Organisation.TimeZone)).ToArray();
        var limit = ListAppointmentsValidator.ParseLimit(request.Limit)!.Value;
        ListCursor? after = null;
        if (request.Cursor is not null)
        {
            CursorCodec.TryDecode(request.Cursor, out after);
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
