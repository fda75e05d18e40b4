using Marten;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Scheduling.Infrastructure.Persistence;

/// <summary>
/// Marten's logging without parameter values. Marten's default logger writes every parameter of a failed command
/// or batch into an error entry (and of every command at Debug): the appointment and patient documents, the
/// outbox's webhook bodies with phones, addresses, metadata and booking links. Here a failure is logged with its
/// SQLSTATE and statement text only, at Debug: the service answers every refusal it understands with a problem
/// response and logs the rest once as an unhandled error; a cancelled request (the client went away) is not an
/// error at all.
/// </summary>
public sealed class MartenLogs(ILogger logger) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    // DDL only (schema objects), no data.
    public void SchemaChange(string sql) => logger.LogInformation("Executed schema update SQL:\n{Sql}", sql);

    public void LogSuccess(NpgsqlCommand command)
    {
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
    }

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failed(ex, command.CommandText);

    public void LogFailure(NpgsqlBatch batch, Exception ex) =>
        Failed(ex, string.Join(";\n", batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText)));

    public void LogFailure(Exception ex, string message) => Failed(ex, message);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }

    private void Failed(Exception ex, string sql)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        // The exception's type and SQLSTATE, not the exception: a PostgresException's text can quote values.
        var sqlState = (ex as PostgresException ?? ex.InnerException as PostgresException)?.SqlState ?? "none";
        logger.LogDebug("Database command failed ({ExceptionType}, SQLSTATE {SqlState}):\n{Sql}", ex.GetType().Name, sqlState, sql);
    }
}
