using System.Security.Cryptography;
using Marten;
using Npgsql;

namespace Scheduling.Infrastructure.Security;

/// <summary>
/// Secret keys kept in PostgreSQL, so every instance and every restart of the service uses the same ones: named
/// random signing keys (created once, by whichever instance asks first) and the ASP.NET Core Data Protection key
/// ring as XML elements (antiforgery tokens). Access is synchronous because the framework's key APIs are.
/// </summary>
public sealed class PostgresKeyTables(IDocumentStore store)
{
    public const string SigningKeysTable = $"{DependencyInjection.SchemaName}.signing_keys";
    public const string DataProtectionTable = $"{DependencyInjection.SchemaName}.data_protection_keys";
    private const int SigningKeyBytes = 32;

    private readonly Lock gate = new();
    private readonly Dictionary<string, byte[]> signingKeys = new(StringComparer.Ordinal);
    private bool created;

    /// <summary>The 256-bit key for <paramref name="purpose"/>: generated and stored on first use, the stored one afterwards.</summary>
    public byte[] SigningKey(string purpose)
    {
        lock (gate)
        {
            if (signingKeys.TryGetValue(purpose, out var cached))
            {
                return cached;
            }

            using var connection = Open();
            // Two instances racing both insert; the first wins and both read the winner.
            Execute(connection, $"insert into {SigningKeysTable} (purpose, key) values (@p, @k) on conflict (purpose) do nothing", ("p", purpose), ("k", RandomNumberGenerator.GetBytes(SigningKeyBytes)));
            using var select = Command(connection, $"select key from {SigningKeysTable} where purpose = @p", ("p", purpose));
            var key = (byte[])select.ExecuteScalar()!;
            signingKeys[purpose] = key;
            return key;
        }
    }

    public IReadOnlyList<string> DataProtectionElements()
    {
        using var connection = Open();
        using var select = Command(connection, $"select xml from {DataProtectionTable} order by name");
        using var reader = select.ExecuteReader();
        var elements = new List<string>();
        while (reader.Read())
        {
            elements.Add(reader.GetString(0));
        }

        return elements;
    }

    public void StoreDataProtectionElement(string name, string xml)
    {
        using var connection = Open();
        Execute(connection, $"insert into {DataProtectionTable} (name, xml) values (@n, @x) on conflict (name) do nothing", ("n", name), ("x", xml));
    }

    private NpgsqlConnection Open()
    {
        var connection = store.Storage.Database.CreateConnection();
        connection.Open();
        lock (gate)
        {
            if (!created)
            {
                Execute(
                    connection,
                    $"""
                    create schema if not exists {DependencyInjection.SchemaName};
                    create table if not exists {SigningKeysTable} (purpose varchar primary key, key bytea not null);
                    create table if not exists {DataProtectionTable} (name varchar primary key, xml text not null);
                    """);
                created = true;
            }
        }

        return connection;
    }

    private static void Execute(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
