using Npgsql;
using NpgsqlTypes;

// The baseline for bench/run: the least an HTTP service can do to accept a JSON request and make it durable
// (one INSERT of the body into a jsonb table) and to read one back by id (one SELECT by primary key).
// Same Kestrel defaults as the service (WebApplication.CreateBuilder), one pooled NpgsqlDataSource.
var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("Raw")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Raw.");

await using var dataSource = NpgsqlDataSource.Create(connectionString);
await using (var create = dataSource.CreateCommand(
    "create table if not exists raw_appointments (id uuid primary key, body jsonb not null)"))
{
    await create.ExecuteNonQueryAsync();
}

var app = builder.Build();

app.MapPost("/raw/appointments", async (HttpRequest request, CancellationToken cancellationToken) =>
{
    using var reader = new StreamReader(request.Body);
    var body = await reader.ReadToEndAsync(cancellationToken);
    var id = Guid.CreateVersion7();
    await using var insert = dataSource.CreateCommand("insert into raw_appointments (id, body) values ($1, $2)");
    insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
    insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = body, NpgsqlDbType = NpgsqlDbType.Jsonb });
    await insert.ExecuteNonQueryAsync(cancellationToken);
    return Results.Created($"/raw/appointments/{id}", new { id });
});

app.MapGet("/raw/appointments/{id:guid}", async (Guid id, CancellationToken cancellationToken) =>
{
    await using var select = dataSource.CreateCommand("select body::text from raw_appointments where id = $1");
    select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
    return await select.ExecuteScalarAsync(cancellationToken) is string body
        ? Results.Text(body, "application/json")
        : Results.NotFound();
});

await app.RunAsync();
