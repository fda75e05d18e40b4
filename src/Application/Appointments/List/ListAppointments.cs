using MediatR;
using Scheduling.Application.Common.Listing;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Domain.Appointments;

namespace Scheduling.Application.Appointments.List;

/// <summary><c>GET /v1/appointments?filter=…&amp;limit=…&amp;cursor=…</c>, raw query values as sent.</summary>
public sealed record ListAppointments(IReadOnlyList<string> Filters, string? Limit, string? Cursor) : IRequest<ListPage<Appointment>>, IListRequest;

public interface IAppointmentListQueries
{
    /// <summary>At most <c>query.Limit</c> appointments of the caller's tenant, newest first, after the cursor.</summary>
    Task<IReadOnlyList<Appointment>> List(ListQuery query, CancellationToken cancellationToken);
}

/// <summary>The fields <c>GET /v1/appointments</c> filters on (docs/queries.md).</summary>
public static class AppointmentFilters
{
    public static readonly FilterSchema Schema = new(new Dictionary<string, FilterableField>(StringComparer.Ordinal)
    {
        ["externalRef"] = new(FilterField.ExternalRef, FilterOperators.Equals | FilterOperators.Contains),
        ["status"] = new(FilterField.Status, FilterOperators.Equals, [.. Enum.GetValues<AppointmentStatus>().Select(s => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString()))]),
        ["taskId"] = new(FilterField.TaskId, FilterOperators.Equals | FilterOperators.Contains),
        ["patient.id"] = new(FilterField.PatientId, FilterOperators.Equals | FilterOperators.Contains),
        ["patient.name"] = new(FilterField.PatientName, FilterOperators.Contains),
        ["createdAt"] = new(FilterField.CreatedAt, FilterOperators.Time),
        ["updatedAt"] = new(FilterField.UpdatedAt, FilterOperators.Time),
    });
}

public sealed class ListAppointmentsValidator(ITenantContext tenant) : ListRequestValidator<ListAppointments>(tenant, AppointmentFilters.Schema);

public sealed class ListAppointmentsHandler(ITenantContext tenant, IAppointmentListQueries queries) : IRequestHandler<ListAppointments, ListPage<Appointment>>
{
    public async Task<ListPage<Appointment>> Handle(ListAppointments request, CancellationToken cancellationToken)
    {
        var query = ListPaging.ToQuery(request, AppointmentFilters.Schema, tenant.Organisation.TimeZone);
        return ListPaging.Page(query, await queries.List(query, cancellationToken), a => new ListCursor(a.CreatedAt, a.Id));
    }
}
