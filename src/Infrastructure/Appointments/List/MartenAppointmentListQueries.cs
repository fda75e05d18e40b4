using System.Text;
using Marten;
using Scheduling.Application.Appointments.List;
using Scheduling.Application.Common.Tenancy;
using Scheduling.Domain.Appointments;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Infrastructure.Appointments.List;

/// <summary>
/// Turns typed filters into one parameterised SQL query over the appointment read-model table. Filter values only
/// ever travel as parameters; the SQL text is built from the fixed fragments below. See docs/queries.md for
/// which index serves which filter.
/// </summary>
public sealed class MartenAppointmentListQueries(TenantSession tenantSession, ITenantContext tenant) : IAppointmentListQueries
{
    public const string Table = DependencyInjection.SchemaName + ".mt_doc_appointmentdetails";
    public const string CreatedAt = "scheduling.mt_immutable_timestamptz(data ->> 'createdAt')";
    public const string UpdatedAt = "scheduling.mt_immutable_timestamptz(data ->> 'updatedAt')";

    public async Task<IReadOnlyList<Appointment>> List(AppointmentListQuery query, CancellationToken cancellationToken)
    {
        var (sql, parameters) = BuildSql(query, tenant.TenantId);
        return await tenantSession.Session.QueryAsync<Appointment>(sql, cancellationToken, [.. parameters]);
    }

    public static (string Sql, List<object> Parameters) BuildSql(AppointmentListQuery query, string tenantId)
    {
        var sql = new StringBuilder($"select data from {Table} where tenant_id = ?");
        var parameters = new List<object> { tenantId };
        foreach (var filter in query.Filters)
        {
            switch (filter)
            {
                case EqualsFilter f:
                    sql.Append(" and ").Append(Column(f.Field)).Append(" = ?");
                    parameters.Add(f.Value);
                    break;
                case ContainsFilter f:
                    // strpos, not LIKE: the value is matched literally, so '%' and '_' need no escaping.
                    sql.Append(" and strpos(").Append(Column(f.Field)).Append(", ?) > 0");
                    parameters.Add(f.Value);
                    break;
                case TimeRangeFilter f:
                    if (f.From is { } from)
                    {
                        sql.Append(" and ").Append(Column(f.Field)).Append(" >= ?");
                        parameters.Add(from.ToDateTimeOffset());
                    }

                    if (f.Before is { } before)
                    {
                        sql.Append(" and ").Append(Column(f.Field)).Append(" < ?");
                        parameters.Add(before.ToDateTimeOffset());
                    }

                    break;
                default:
                    throw new ArgumentException($"Unsupported filter {filter.GetType().Name}.", nameof(query));
            }
        }

        if (query.After is { } after)
        {
            // Keyset: rows strictly after the cursor in (createdAt desc, id desc) order; the first bound lets the index range-scan.
            sql.Append($" and {CreatedAt} <= ? and ({CreatedAt} < ? or id < ?)");
            parameters.Add(after.CreatedAt.ToDateTimeOffset());
            parameters.Add(after.CreatedAt.ToDateTimeOffset());
            parameters.Add(after.Id);
        }

        sql.Append($" order by {CreatedAt} desc, id desc limit ?");
        parameters.Add(query.Limit);
        return (sql.ToString(), parameters);
    }

    private static string Column(FilterField field) => field switch
    {
        FilterField.ExternalRef => "data ->> 'externalRef'",
        FilterField.Status => "data ->> 'status'",
        FilterField.TaskId => "data ->> 'taskId'",
        FilterField.PatientId => "data -> 'patient' ->> 'id'",
        FilterField.CreatedAt => CreatedAt,
        FilterField.UpdatedAt => UpdatedAt,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}
