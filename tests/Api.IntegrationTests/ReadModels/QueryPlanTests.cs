using System.Text;
using Npgsql;
using Scheduling.Api.IntegrationTests.Infrastructure;
using Scheduling.Application.Appointments.List;
using Scheduling.Infrastructure.Appointments.List;

namespace Scheduling.Api.IntegrationTests.ReadModels;

/// <summary>
/// With many appointments in the table, each list filter is answered through its index, not a scan:
/// EXPLAIN of the exact SQL the service sends names the index docs/queries.md promises.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class QueryPlanTests(ApiFixture fixture)
{
    public const string Tenant = "org_plan:test";
    private const int Rows = 60_000;

    [Theory]
    [InlineData("externalRef:\"ref-123\"", "ix_appointments_external_ref")]
    [InlineData("patient.id:\"p_77\"", "ix_appointments_patient")]
    [InlineData("taskId:\"tsk_rare\"", "ix_appointments_task")]
    public async Task EqualityFilters_UseTheirIndex(string filter, string index)
    {
        var plan = await Explain(filter);
        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusWithCreatedAtRange_UsesTheStatusIndex()
    {
        var plan = await Explain("status:\"cancelled\"", "createdAt>=\"2026-01-01\"", "createdAt<\"2026-02-01\"");
        Assert.Contains("ix_appointments_status_created", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoFilter_WalksTheCreatedAtIndexNewestFirst()
    {
        var plan = await Explain();
        Assert.Contains("ix_appointments_created", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
    }

    private async Task<string> Explain(params string[] filters)
    {
        await EnsureSeeded();
        var zone = NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"];
        var query = new AppointmentListQuery([.. filters.Select(f => FilterParser.Parse(f, zone))], 21, null);
        var (sql, parameters) = MartenAppointmentListQueries.BuildSql(query, Tenant);

        // Marten's '?' placeholders become Npgsql's positional $n.
        var positional = new StringBuilder();
        var n = 0;
        foreach (var c in sql)
        {
            positional.Append(c == '?' ? $"${++n}" : c.ToString());
        }

        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("explain " + positional, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var plan = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.AppendLine(reader.GetString(0));
        }

        return plan.ToString();
    }

    // Synthetic documents of a tenant no key maps to: invisible to the API, but real rows for the planner.
    private async Task EnsureSeeded()
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using (var count = new NpgsqlCommand("select count(*) from scheduling.mt_doc_appointmentdetails where tenant_id = @tenant", connection))
        {
            count.Parameters.AddWithValue("tenant", Tenant);
            if ((long)(await count.ExecuteScalarAsync())! >= Rows)
            {
                return;
            }
        }

        await using var command = new NpgsqlCommand(
            $"""
            insert into scheduling.mt_doc_appointmentdetails (tenant_id, id, data, mt_dotnet_type)
            select @tenant, 'apt_plan' || i,
                   jsonb_build_object(
                     'id', 'apt_plan' || i,
                     'status', (array['scheduling','scheduled','completed','cancelled'])[1 + i % 4],
                     'taskId', case when i % 1000 = 0 then 'tsk_rare' else 'tsk_common' end,
                     'patient', jsonb_build_object('id', 'p_' || (i % 5000)),
                     'externalRef', 'ref-' || i,
                     'createdAt', to_char(timestamptz '2025-01-01' + i * interval '10 minutes', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                     'updatedAt', to_char(timestamptz '2025-01-01' + i * interval '10 minutes', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
                   'synthetic'
            from generate_series(1, {Rows}) as i
            on conflict do nothing;
            analyze scheduling.mt_doc_appointmentdetails;
            """,
            connection);
        command.Parameters.AddWithValue("tenant", Tenant);
        await command.ExecuteNonQueryAsync();
    }
}
