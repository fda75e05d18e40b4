using Npgsql;
using Testcontainers.PostgreSql;

namespace Scheduling.Api.IntegrationTests.Infrastructure;

/// <summary>
/// A real PostgreSQL for the whole test run: the server named by SCHEDULING_TEST_CONNECTION (./test starts a
/// throw-away local cluster and sets it), else a Testcontainers container. Each run gets a database of its own.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<Task<string>> ConnectionString = new(CreateAsync);

    public static Task<string> GetConnectionStringAsync() => ConnectionString.Value;

    /// <summary>A further, empty database on the same server, for a fixture whose data must not mix with the shared one.</summary>
    public static async Task<string> CreateSeparateAsync()
    {
        var shared = await GetConnectionStringAsync();
        var database = $"scheduling_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(shared))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"create database {database}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(shared) { Database = database }.ConnectionString;
    }

    private static async Task<string> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("SCHEDULING_TEST_CONNECTION");
        if (string.IsNullOrWhiteSpace(server))
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            server = container.GetConnectionString();
        }

        var database = $"scheduling_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"create database {database}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 100 }.ConnectionString;
    }
}
