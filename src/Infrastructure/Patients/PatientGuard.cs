using Npgsql;

namespace Scheduling.Infrastructure.Patients;

/// <summary>
/// The create path's patient check as one statement of the commit's batch: a procedure that raises when the patient
/// is not in the tenant, so the transaction writes nothing and the unit of work reports the 422. A procedure, not a
/// function: <c>call</c> returns no result set, and a <c>select</c> would shift the results Marten reads for the
/// batch's other statements.
/// </summary>
public static class PatientGuard
{
    private const string Name = DependencyInjection.SchemaName + ".require_patient";

    // A custom SQLSTATE of class P0 (PL/pgSQL) that nothing else here raises; the message carries the id.
    private const string SqlState = "P0SCH";
    private const string MessagePrefix = "patient_not_found:";

    public const string Call = $"call {Name}(?, ?)";

    /// <summary>
    /// Created once, at start-up, by <see cref="Persistence.ReadModelIndexes"/> (Weasel's schema objects know functions,
    /// not procedures). Only when missing, so hosts starting together do not replace it under each other; a changed
    /// body therefore needs a new name.
    /// </summary>
    public static readonly string Create = $$"""
        do $guard$ begin
          if not exists (select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                         where n.nspname = '{{DependencyInjection.SchemaName}}' and p.proname = 'require_patient') then
            create procedure {{Name}}(tenant text, patient text) language plpgsql as $body$
            begin
              if not exists (select 1 from {{MartenPatients.Table}} where tenant_id = tenant and id = patient) then
                raise exception using errcode = '{{SqlState}}', message = '{{MessagePrefix}}' || patient;
              end if;
            end;
            $body$;
          end if;
        end $guard$
        """;

    /// <summary>The patient id the guard refused, anywhere in the exception chain; null for any other failure.</summary>
    public static string? MissingPatient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException { SqlState: SqlState } refused && refused.MessageText.StartsWith(MessagePrefix, StringComparison.Ordinal))
            {
                return refused.MessageText[MessagePrefix.Length..];
            }
        }

        return null;
    }
}
