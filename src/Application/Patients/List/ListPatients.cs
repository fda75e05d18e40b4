using MediatR;
using Scheduling.Application.Common.Listing;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Domain.Patients;

namespace Scheduling.Application.Patients.List;

/// <summary><c>GET /v1/patients?filter=…&amp;limit=…&amp;cursor=…</c>, raw query values as sent.</summary>
public sealed record ListPatients(IReadOnlyList<string> Filters, string? Limit, string? Cursor) : IRequest<ListPage<Patient>>, IListRequest;

/// <summary>The fields <c>GET /v1/patients</c> filters on (docs/queries.md).</summary>
public static class PatientFilters
{
    public static readonly FilterSchema Schema = new(new Dictionary<string, FilterableField>(StringComparer.Ordinal)
    {
        ["name"] = new(FilterField.Name, FilterOperators.Contains),
        ["externalRef"] = new(FilterField.ExternalRef, FilterOperators.Equals | FilterOperators.Contains),
        ["nhsNumber"] = new(FilterField.NhsNumber, FilterOperators.Equals),
        ["createdAt"] = new(FilterField.CreatedAt, FilterOperators.Time),
        ["updatedAt"] = new(FilterField.UpdatedAt, FilterOperators.Time),
    });
}

public sealed class ListPatientsValidator(ITenantContext tenant) : ListRequestValidator<ListPatients>(tenant, PatientFilters.Schema);

public sealed class ListPatientsHandler(ITenantContext tenant, IPatients patients) : IRequestHandler<ListPatients, ListPage<Patient>>
{
    public async Task<ListPage<Patient>> Handle(ListPatients request, CancellationToken cancellationToken)
    {
        var query = ListPaging.ToQuery(request, PatientFilters.Schema, tenant.Organisation.TimeZone);
        return ListPaging.Page(query, await patients.List(query, cancellationToken), p => new ListCursor(p.CreatedAt, p.Id));
    }
}
