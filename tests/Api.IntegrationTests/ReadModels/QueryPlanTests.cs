using System.Text;
using Npgsql;
using Scheduling.Api.IntegrationTests.Infrastructure;
using Scheduling.Application.Appointments.List;
using Scheduling.Application.Common.Listing;
using Scheduling.Application.Patients.List;
using Scheduling.Infrastructure.Appointments.List;
using Scheduling.Infrastructure.Patients;
using Scheduling.Infrastructure.Persistence;

namespace Scheduling.Api.IntegrationTests.ReadModels;

/// <summary>
/// With many appointments in the table, each list filter is answered through its index, not a scan:
/// EXPLAIN of the exact SQL the service sends names the index docs/queries.md promises. Patients too, and the
/// contains filters (<c>~</c>) through their trigram indexes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class QueryPlanTests(ApiFixture fixture)
{
    public const string Tenant = "org_plan:test";
    private const int Rows = 60_000;
    private const int Patients = 20_000;

    [Theory]
    [InlineData("externalRef:\"ref-123\"", "ix_appointments_external_ref")]
    [InlineData("patient.id:\"p_77\"", "ix_appointments_patient")]
    [InlineData("taskId:\"tsk_rare\"", "ix_appointments_task")]
    [InlineData("externalRef~\"ref-5912\"", "ix_appointments_external_ref_trgm")]
    public async Task AppointmentFilters_UseTheirIndex(string filter, string index) => AssertUses(await Explain(filter), index);

    // References are sequential here ('ref-<i>', created in order of i), so the 1,111 matches of "ref-12" are old rows.
    // Planned alone, the list walks the createdAt index newest first and filters (read: most of the tenant); the
    // service counts the matches through the trigram index first and, under the cap, sorts just those.
    [Fact]
    public async Task ContainsWithOldMatches_SortsTheTrigramMatches_InsteadOfWalkingTheWholeTenant()
    {
        var statements = MartenAppointmentListQueries.BuildSql(Query(AppointmentFilters.Schema, ["externalRef~\"ref-12\""]), Tenant);
        var answering = await Answering(statements);

        Assert.Same(statements.Matches, answering);
        var plan = await Explain(statements, analyse: true);
        Assert.Contains("ix_appointments_external_ref_trgm", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("ix_appointments_created", plan, StringComparison.Ordinal);
        Assert.InRange(RowsRemovedByFilter(plan), 0, 1_000);

        // The premise: the ordered walk alone examines tens of thousands of rows for this term.
        var walk = string.Join('\n', await Read(statements.Ordered, "explain (analyze, timing off) "));
        Assert.True(RowsRemovedByFilter(walk) > 10_000, walk);

        // Both answer the same page, newest first.
        Assert.Equal(await Read(statements.Ordered, string.Empty), await Read(answering, string.Empty));
    }

    // "ref-" is in all 60,000 references: more than the cap, so the matches statement withholds its page and the
    // list takes the ordered walk, which finds a page of such a term at once.
    [Fact]
    public async Task ContainsMatchingMoreThanTheCap_TakesTheOrderedWalk()
    {
        var statements = MartenAppointmentListQueries.BuildSql(Query(AppointmentFilters.Schema, ["externalRef~\"ref-\""]), Tenant);

        Assert.Same(statements.Ordered, await Answering(statements));
        Assert.Empty(await Read(statements.Matches!, string.Empty));
        Assert.Equal((ListSql.MatchCap + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), (await Read(statements.Count!, string.Empty)).Single());
        Assert.Contains("ix_appointments_created", await Explain(statements), StringComparison.Ordinal);
        Assert.Equal(21, (await Read(statements.Ordered, string.Empty)).Count);
    }

    [Fact]
    public async Task StatusWithCreatedAtRange_UsesTheStatusIndex() =>
        AssertUses(await Explain("status:\"cancelled\"", "createdAt>=\"2026-01-01\"", "createdAt<\"2026-02-01\""), "ix_appointments_status_created");

    [Fact]
    public async Task PatientNameContains_FindsPatientsByTrigramThenTheirAppointmentsByIndex() =>
        AssertUses(await Explain("patient.name~\"mily1234\""), "ix_patients_name_trgm", "ix_appointments_patient");

    [Theory]
    [InlineData("name~\"mily1234\"", "ix_patients_name_trgm")]
    [InlineData("name~\"AMILY1234\"", "ix_patients_name_trgm")]
    [InlineData("externalRef~\"pref-1234\"", "ix_patients_external_ref_trgm")]
    [InlineData("externalRef:\"pref-1234\"", "ix_patients_external_ref")]
    [InlineData("nhsNumber:\"0000001234\"", "ix_patients_nhs_number")]
    public async Task PatientFilters_UseTheirIndex(string filter, string index) => AssertUses(await ExplainPatients(filter), index);

    [Fact]
    public async Task NoFilter_WalksTheCreatedAtIndexNewestFirst()
    {
        var plan = await Explain();
        Assert.Contains("ix_appointments_created", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatientsWithoutFilter_WalkTheCreatedAtIndexNewestFirst()
    {
        var plan = await ExplainPatients();
        Assert.Contains("ix_patients_created", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
    }

    private static void AssertUses(string plan, params string[] indexes)
    {
        foreach (var index in indexes)
        {
            Assert.Contains(index, plan, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    private static ListQuery Query(FilterSchema schema, string[] filters) =>
        new([.. filters.Select(f => FilterParser.Parse(f, schema, NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"]))], 21, null);

    private Task<string> Explain(params string[] filters) =>
        Explain(MartenAppointmentListQueries.BuildSql(Query(AppointmentFilters.Schema, filters), Tenant));

    private Task<string> ExplainPatients(params string[] filters) =>
        Explain(MartenPatients.BuildSql(Query(PatientFilters.Schema, filters), Tenant));

    /// <summary>The plan of the statement the service would answer with (after running the count, as it does).</summary>
    private async Task<string> Explain(ListStatements statements, bool analyse = false) =>
        string.Join('\n', await Read(await Answering(statements), analyse ? "explain (analyze, timing off) " : "explain "));

    // What ListSql.Run would answer with, by its own rule, the statements run here.
    private async Task<ListStatement> Answering(ListStatements statements)
    {
        await EnsureSeeded();
        return (await ListSql.Answer<string>(
            statements,
            async statement => await Read(statement, string.Empty),
            async statement => long.Parse((await Read(statement, string.Empty)).Single(), System.Globalization.CultureInfo.InvariantCulture))).Answering;
    }

    // Rows of the statement's first column as text; Marten's '?' placeholders become Npgsql's positional $n.
    private async Task<List<string>> Read(ListStatement statement, string prefix)
    {
        var positional = new StringBuilder(prefix);
        var n = 0;
        foreach (var c in statement.Sql)
        {
            positional.Append(c == '?' ? $"${++n}" : c.ToString());
        }

        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(positional.ToString(), connection);
        foreach (var value in statement.Parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetValue(0).ToString()!);
        }

        return rows;
    }

    private static long RowsRemovedByFilter(string plan) =>
        System.Text.RegularExpressions.Regex.Matches(plan, @"Rows Removed by Filter: (\d+)").Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    // Synthetic documents of a tenant no key maps to: invisible to the API, but real rows for the planner.
    private async Task EnsureSeeded()
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        await connection.OpenAsync();
        await using (var count = new NpgsqlCommand("select count(*) from scheduling.mt_doc_patient where tenant_id = @tenant", connection))
        {
            count.Parameters.AddWithValue("tenant", Tenant);
            if ((long)(await count.ExecuteScalarAsync())! >= Patients)
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
            insert into scheduling.mt_doc_patient (tenant_id, id, data, mt_dotnet_type)
            select @tenant, 'p_' || i,
                   jsonb_build_object(
                     'id', 'p_' || i,
                     'firstName', (array['Ada','John','Mary','Olu','Priya','Wei'])[1 + i % 6],
                     'lastName', 'Family' || i,
                     'externalRef', 'pref-' || i,
                     'nhsNumber', lpad(i::text, 10, '0'),
                     'createdAt', to_char(timestamptz '2025-01-01' + i * interval '10 minutes', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                     'updatedAt', to_char(timestamptz '2025-01-01' + i * interval '10 minutes', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
                   'synthetic'
            from generate_series(0, {Patients - 1}) as i
            on conflict do nothing;
            analyze scheduling.mt_doc_appointmentdetails;
            analyze scheduling.mt_doc_patient;
            """,
            connection);
        command.Parameters.AddWithValue("tenant", Tenant);
        // 80,000 rows into the list and trigram indexes: give a busy shared machine more than the default 30 s.
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync();
    }
}
