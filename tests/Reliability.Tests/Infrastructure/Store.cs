using Npgsql;

namespace Scheduling.Reliability.Tests.Infrastructure;

/// <summary>Reads what is actually stored, so the tests assert on the database and not only on status codes.</summary>
public sealed class Store(string connectionString)
{
    public async Task<long> Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<string[]>> Rows(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<string[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!)]);
        }

        return rows;
    }

    /// <summary>Every row of every table the service writes: a fingerprint to prove a rejected request changed nothing.</summary>
    public Task<long> TotalRows() => Scalar(
        "select (select count(*) from scheduling.mt_events) + (select count(*) from scheduling.mt_streams) " +
        "+ (select count(*) from scheduling.mt_doc_appointmentdetails) + (select count(*) from scheduling.mt_doc_availabilitywindow) " +
        "+ (select count(*) from scheduling.mt_doc_patient)");

    /// <summary>Appointment streams and read-model documents match one to one, and each document's version is its stream's.</summary>
    public async Task AssertStreamsAndReadModelsAgree()
    {
        var mismatches = await Rows(
            """
            select coalesce(s.id, d.id), s.version, d.data ->> 'version'
            from (select tenant_id, id, version from scheduling.mt_streams where id like 'apt\_%') s
            full join scheduling.mt_doc_appointmentdetails d on d.tenant_id = s.tenant_id and d.id = s.id
            where s.id is null or d.id is null or s.version <> (d.data ->> 'version')::bigint
            """);
        Assert.True(mismatches.Count == 0, $"streams and read models disagree: {string.Join("; ", mismatches.Select(r => string.Join(',', r)))}");
    }

    /// <summary>For every window: booked places ≤ capacity, the document agrees with the stream, and exactly that many appointments hold it.</summary>
    public async Task AssertWindowsConsistent()
    {
        var windows = await Rows(
            """
            select w.id, (w.data ->> 'capacity')::int, jsonb_array_length(w.data -> 'bookedAppointmentIds'), (w.data ->> 'remaining')::int,
                   (select count(*) filter (where e.type = 'window.place_booked') - count(*) filter (where e.type = 'window.place_released')
                      from scheduling.mt_events e where e.stream_id = w.id and e.tenant_id = w.tenant_id),
                   (select count(*) from scheduling.mt_doc_appointmentdetails a
                      where a.tenant_id = w.tenant_id and a.data -> 'window' ->> 'id' = w.id and a.data ->> 'status' in ('scheduled', 'completed'))
            from scheduling.mt_doc_availabilitywindow w
            """);
        foreach (var w in windows)
        {
            var (capacity, booked, remaining, fromEvents, holders) = (int.Parse(w[1]), int.Parse(w[2]), int.Parse(w[3]), int.Parse(w[4]), int.Parse(w[5]));
            Assert.True(booked <= capacity && remaining >= 0, $"window {w[0]} over capacity: {booked}/{capacity}, remaining {remaining}");
            Assert.True(booked == fromEvents, $"window {w[0]}: document says {booked}, stream says {fromEvents}");
            Assert.True(booked == holders, $"window {w[0]}: {booked} places booked but {holders} appointments hold it");
        }
    }
}
