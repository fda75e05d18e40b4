using System.Diagnostics;
using System.Text;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Scheduling.Application.Common.Behaviours;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Infrastructure.Webhooks;

/// <summary>
/// Sends due deliveries. Every instance runs one; they share the work through leases: a claim picks due rows with
/// <c>FOR UPDATE SKIP LOCKED</c> and reserves them until <c>lease_until</c>, so no delivery is sent by two instances
/// at once, and one whose sender crashed is claimed again when its lease runs out. A delivery is only due when no
/// earlier event of the same appointment is still pending for that endpoint (strict order per endpoint and
/// appointment). Times are the database's, so instances agree on them.
/// </summary>
public sealed partial class WebhookDispatcher(
    IDocumentStore store,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> configured,
    IClock clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string ClientName = "webhooks";

    /// <summary>The span of one delivery attempt (source <see cref="Telemetry.Name"/>).</summary>
    public const string DispatchSpanName = "DispatchWebhook";

    private static readonly string Claim = $"""
        with due as (
            select d.id from {WebhookTables.Deliveries} d
            join {WebhookTables.Endpoints} e on e.tenant_id = d.tenant_id and e.id = d.endpoint_id
            where d.status = 'pending' and d.next_attempt_at <= now()
              and (d.lease_until is null or d.lease_until < now())
              and (e.data ->> 'enabled')::boolean
              and not exists (
                  select 1 from {WebhookTables.Deliveries} p
                  where p.endpoint_id = d.endpoint_id and p.subject_id = d.subject_id
                    and p.sequence < d.sequence and p.status = 'pending')
            order by d.next_attempt_at, d.id
            limit @batch
            for update of d skip locked)
        update {WebhookTables.Deliveries} d set lease_until = now() + make_interval(secs => @lease)
        from due, {WebhookTables.Endpoints} e
        where d.id = due.id and e.tenant_id = d.tenant_id and e.id = d.endpoint_id
        returning d.id, d.tenant_id, d.endpoint_id, d.event_id, d.event_type, d.body, d.attempt_count, e.data::text, d.trace_parent
        """;

    private static readonly string Record = $"""
        update {WebhookTables.Deliveries} set
            attempt_count = attempt_count + 1,
            attempts = attempts || jsonb_build_array(jsonb_build_object('at', now(), 'statusCode', @code::integer, 'durationMs', @ms::bigint, 'error', @error::text)),
            lease_until = null,
            status = case when @delivered::boolean then 'delivered'
                          when @gone::boolean or now() + make_interval(secs => @delay::double precision) > created_at + make_interval(secs => @horizon::double precision) then 'failed'
                          else 'pending' end,
            next_attempt_at = now() + make_interval(secs => @delay::double precision),
            completed_at = case when @delivered::boolean then now() end
        where id = @id
        returning status;
        """;

    private static readonly string Succeeded = $"delete from {WebhookTables.Health} where tenant_id = @tenant and endpoint_id = @endpoint;";

    // A streak of failures starts at the first one; after the horizon with no success (or on 410) the endpoint is
    // disabled. Only an enabled one is updated, so of concurrent attempts exactly one counts as having disabled it.
    private static readonly string Failed = $"""
        insert into {WebhookTables.Health} (tenant_id, endpoint_id, failing_since) values (@tenant, @endpoint, now()) on conflict do nothing;
        update {WebhookTables.Endpoints} set data = jsonb_set(data, array['enabled'], 'false')
        where tenant_id = @tenant and id = @endpoint and (data ->> 'enabled')::boolean and (@gone::boolean or exists (
            select 1 from {WebhookTables.Health} h
            where h.tenant_id = @tenant and h.endpoint_id = @endpoint and h.failing_since < now() - make_interval(secs => @horizon::double precision)));
        """;

    private readonly WebhookOptions options = configured.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.DispatcherEnabled)
        {
            return;
        }

        var serializer = store.Options.Serializer();
        var pause = TimeSpan.FromMilliseconds(options.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claimed = await ClaimDue(serializer, stoppingToken);
                await Parallel.ForEachAsync(
                    claimed,
                    new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = stoppingToken },
                    async (delivery, token) => await Send(delivery, token));
                pause = TimeSpan.FromMilliseconds(options.PollMilliseconds);
                if (claimed.Count < options.BatchSize)
                {
                    await Task.Delay(pause, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Mostly an unreachable database: nothing is lost (rows stay pending or leased); try again, less often.
                LogDispatchFailed(logger, exception.GetType().Name, (exception as Npgsql.PostgresException)?.SqlState);
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 10_000));
                await Task.Delay(pause, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<IReadOnlyList<ClaimedDelivery>> ClaimDue(ISerializer serializer, CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Claim, connection);
        command.Parameters.AddWithValue("batch", options.BatchSize);
        command.Parameters.AddWithValue("lease", (double)options.EffectiveLeaseSeconds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<ClaimedDelivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var endpoint = serializer.FromJson<WebhookEndpoint>(new MemoryStream(Encoding.UTF8.GetBytes(reader.GetString(7))));
            claimed.Add(new ClaimedDelivery(
                reader.GetString(0), reader.GetString(1), endpoint, reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt32(6), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return claimed;
    }

    private async Task Send(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        var attempt = delivery.AttemptCount + 1;

        // Each attempt is a trace of its own (the dispatch span, the HTTP call as its child), linked to the request
        // that caused the event: its trace id is the event's correlationId. Tags: type, attempt, status, outcome only.
        Activity.Current = null;
        ActivityLink[]? links = ActivityContext.TryParse(delivery.TraceParent, null, out var cause) ? [new ActivityLink(cause)] : null;
        using var activity = Telemetry.Source.StartActivity(DispatchSpanName, ActivityKind.Internal, default(ActivityContext), links: links);
        activity?.SetTag("scheduling.webhook.event_type", delivery.EventType);
        activity?.SetTag("scheduling.webhook.attempt", attempt);
        var testMode = delivery.TenantId.EndsWith(":test", StringComparison.Ordinal);
        var stopwatch = Stopwatch.StartNew();
        int? status = null;
        string? error = null;
        try
        {
            var url = new Uri(delivery.Endpoint.Url);
            if (WebhookUrl.RefusalOf(url, testMode) is not null)
            {
                throw new WebhookTargetRefusedException("refused");
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, url);
            request.Options.Set(WebhookConnections.TestMode, testMode);
            // The signature's timestamp is the wall clock's: receivers compare it with theirs to refuse replays.
            var timestamp = SystemClock.Instance.GetCurrentInstant().ToUnixTimeSeconds();
            request.Headers.TryAddWithoutValidation("webhook-id", delivery.EventId);
            request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(
                "webhook-signature", WebhookSignature.Sign(delivery.EventId, timestamp, delivery.Body, delivery.Endpoint.ActiveSecrets(clock.GetCurrentInstant())));
            request.Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json");
            using var response = await httpClients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stoppingToken);
            status = (int)response.StatusCode;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // shutting down: the lease runs out and another instance (or this one, restarted) sends it
        }
        catch (TaskCanceledException)
        {
            error = "timeout";
        }
        catch (HttpRequestException exception) when (exception.InnerException is WebhookTargetRefusedException || exception.InnerException?.InnerException is WebhookTargetRefusedException)
        {
            error = "refused_address";
        }
        catch (WebhookTargetRefusedException)
        {
            error = "refused_address";
        }
        catch (HttpRequestException exception)
        {
            error = exception.HttpRequestError is HttpRequestError.Unknown ? "request_failed" : ToSnakeCase(exception.HttpRequestError.ToString());
        }

        var elapsed = (long)stopwatch.Elapsed.TotalMilliseconds;
        var delivered = status is >= 200 and < 300;
        var gone = status == 410;
        error ??= delivered ? null : $"http_{status}";
        var outcome = await RecordOutcome(delivery, status, elapsed, error, delivered, gone, attempt);
        Telemetry.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        activity?.SetTag("http.response.status_code", status);
        activity?.SetTag("scheduling.outcome", outcome);
        if (!delivered)
        {
            activity?.SetTag("error.type", error);
            activity?.SetStatus(ActivityStatusCode.Error);
        }
    }

    /// <summary>Stores the attempt; answers the outcome: delivered, retry_scheduled, failed or endpoint_disabled.</summary>
    private async Task<string> RecordOutcome(ClaimedDelivery delivery, int? status, long elapsed, string? error, bool delivered, bool gone, int attempt)
    {
        var delay = delivered ? TimeSpan.Zero : options.DelayAfter(attempt);
        var horizon = options.Scaled(WebhookOptions.GiveUpAfter);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(CancellationToken.None);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(Record, ("id", delivery.Id), ("code", (object?)status ?? DBNull.Value), ("ms", elapsed),
            ("error", (object?)error ?? DBNull.Value), ("delivered", delivered), ("gone", gone), ("delay", delay.TotalSeconds), ("horizon", horizon.TotalSeconds)));
        foreach (var sql in (delivered ? Succeeded : Failed).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            batch.BatchCommands.Add(Command(sql, ("tenant", delivery.TenantId), ("endpoint", delivery.Endpoint.Id), ("gone", gone), ("horizon", horizon.TotalSeconds)));
        }

        string? stored;
        await using (var reader = await batch.ExecuteReaderAsync(CancellationToken.None))
        {
            stored = await reader.ReadAsync(CancellationToken.None) ? reader.GetString(0) : null;
        }

        var outcome = delivered ? "delivered"
            : batch.BatchCommands[^1].RecordsAffected > 0 ? "endpoint_disabled"
            : stored == "failed" ? "failed"
            : "retry_scheduled";
        LogOutcome(logger, delivery.Id, delivery.Endpoint.Id, delivery.EventId, delivery.EventType, outcome, status, elapsed, attempt, error);
        return outcome;
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            if (sql.Contains("@" + name, StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(name, value);
            }
        }

        return command;
    }

    private static string ToSnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    // Ids, outcome and status only: never the body, the secret or the URL (whose query string may carry a token).
    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} to {EndpointId} ({EventId}, {EventType}): {Outcome}, status {StatusCode}, {DurationMs} ms, attempt {Attempt}, error {Error}")]
    private static partial void LogOutcome(ILogger logger, string deliveryId, string endpointId, string eventId, string eventType, string outcome, int? statusCode, long durationMs, int attempt, string? error);

    // The type and SQL state only: a database error's text may quote row values.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatch failed ({ErrorType}, SQL state {SqlState}); retrying")]
    private static partial void LogDispatchFailed(ILogger logger, string errorType, string? sqlState);

    /// <param name="TraceParent">The W3C context of the request that caused the event (null for other origins).</param>
    private sealed record ClaimedDelivery(string Id, string TenantId, WebhookEndpoint Endpoint, string EventId, string EventType, string Body, int AttemptCount, string? TraceParent);
}
