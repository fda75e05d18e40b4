using System.Diagnostics;
using System.Text;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Scheduling.Application.Common.Behaviours;
using Scheduling.Domain.Webhooks;

namespace Scheduling.Infrastructure.Webhooks;

/// <summary>
/// Sends due deliveries. Every instance runs one; they share the work through leases: a claim picks due rows with
/// <c>FOR UPDATE SKIP LOCKED</c> and reserves them until <c>lease_until</c>, so no delivery is sent by two instances
/// at once, and one whose sender crashed is claimed again when its lease runs out. A delivery is only due when no
/// earlier event of the same appointment is still pending for that endpoint (strict order per endpoint and
/// appointment). Times are the database's, so instances agree on them. Work is done per claimed batch: one
/// statement claims it, its sends run in parallel, and one round trip (one transaction) records every outcome.
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

    // The rows come from WebhookTables.DueDeliveries, which walks the due index in order and stops after a batch:
    // each candidate's checks (endpoint enabled, no earlier pending event of its appointment) are per-row subqueries
    // ("offset 0" keeps the planner from turning them into joins over every pending row, which then had to be
    // sorted). As a plain statement the planner often took a bitmap scan and a sort instead, which runs both checks
    // for every due row (~1,000 under load, 17-67 ms) to keep 64, so a backlog made each claim dearer; the
    // function pins the ordered scan (bitmap scans and sorts off for it alone). The lease outlasts the whole batch (its
    // outcomes are stored together when the last send ends): at least LeaseSeconds, and at least one request
    // timeout per round of Concurrency sends, plus 5 s.
    private static readonly string Claim = $"""
        with due as (select id from {WebhookTables.DueDeliveries}(@batch) as due(id))
        update {WebhookTables.Deliveries} d set lease_until = now() + make_interval(secs => greatest(
            @lease, ceil((select count(*) from due) / @concurrency::double precision) * @timeout + 5))
        from due, {WebhookTables.Endpoints} e
        where d.id = due.id and e.tenant_id = d.tenant_id and e.id = d.endpoint_id
        returning d.id, d.tenant_id, d.endpoint_id, d.event_id, d.event_type, d.body, d.attempt_count, e.data::text, d.trace_parent
        """;

    // Every attempt of a batch in one statement: the arrays hold one element per delivery, in the same order.
    private static readonly string Record = $"""
        update {WebhookTables.Deliveries} d set
            attempt_count = d.attempt_count + 1,
            attempts = d.attempts || jsonb_build_array(jsonb_build_object('at', now(), 'statusCode', o.code, 'durationMs', o.ms, 'error', o.error)),
            lease_until = null,
            status = case when o.delivered then 'delivered'
                          when o.gone or now() + make_interval(secs => o.delay) > d.created_at + make_interval(secs => @horizon::double precision) then 'failed'
                          else 'pending' end,
            next_attempt_at = now() + make_interval(secs => o.delay),
            completed_at = case when o.delivered then now() end
        from unnest(@ids::text[], @codes::integer[], @ms::bigint[], @errors::text[], @delivered::boolean[], @gone::boolean[], @delays::double precision[])
            as o(id, code, ms, error, delivered, gone, delay)
        where d.id = o.id
        returning d.id, d.status
        """;

    // A success ends its endpoint's failure streak.
    private static readonly string Succeeded = $"""
        delete from {WebhookTables.Health} h using unnest(@tenants::text[], @endpoints::text[]) as s(tenant_id, endpoint_id)
        where h.tenant_id = s.tenant_id and h.endpoint_id = s.endpoint_id
        """;

    // A streak of failures starts at the first one; after the horizon with no success (or on 410) the endpoint is
    // disabled. Only an enabled one is updated, so of concurrent attempts exactly one counts as having disabled it.
    private static readonly string FailureStreaks = $"""
        insert into {WebhookTables.Health} (tenant_id, endpoint_id, failing_since)
        select tenant_id, endpoint_id, now() from unnest(@tenants::text[], @endpoints::text[]) as f(tenant_id, endpoint_id)
        on conflict do nothing
        """;

    private static readonly string Disable = $"""
        update {WebhookTables.Endpoints} e set data = jsonb_set(e.data, array['enabled'], 'false')
        from unnest(@tenants::text[], @endpoints::text[], @gone::boolean[]) as f(tenant_id, endpoint_id, gone)
        where e.tenant_id = f.tenant_id and e.id = f.endpoint_id and (e.data ->> 'enabled')::boolean and (f.gone or exists (
            select 1 from {WebhookTables.Health} h
            where h.tenant_id = f.tenant_id and h.endpoint_id = f.endpoint_id and h.failing_since < now() - make_interval(secs => @horizon::double precision)))
        returning e.tenant_id, e.id
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
                var attempts = new Attempt?[claimed.Count];
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, claimed.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = stoppingToken },
                    async (i, token) => attempts[i] = await Send(claimed[i], token));
                try
                {
                    await RecordOutcomes(claimed, attempts);
                }
                finally
                {
                    // Normally ended (with their outcome) by RecordOutcomes; this ends them if storing failed.
                    foreach (var attempt in attempts)
                    {
                        attempt?.Activity?.Dispose();
                    }
                }

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
        command.Parameters.AddWithValue("lease", (double)options.LeaseSeconds);
        command.Parameters.AddWithValue("concurrency", options.Concurrency);
        command.Parameters.AddWithValue("timeout", (double)options.RequestTimeoutSeconds);
        await command.PrepareAsync(cancellationToken); // planned once per pooled connection, not per claim
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<ClaimedDelivery>();
        var endpoints = new Dictionary<string, WebhookEndpoint>(StringComparer.Ordinal); // a batch's rows mostly share a few endpoints
        while (await reader.ReadAsync(cancellationToken))
        {
            var json = reader.GetString(7);
            if (!endpoints.TryGetValue(json, out var endpoint))
            {
                endpoint = serializer.FromJson<WebhookEndpoint>(new MemoryStream(Encoding.UTF8.GetBytes(json)));
                endpoints[json] = endpoint;
            }

            claimed.Add(new ClaimedDelivery(
                reader.GetString(0), reader.GetString(1), endpoint, reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt32(6), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return claimed;
    }

    /// <summary>One attempt; null when the service is shutting down (the lease runs out and the delivery is sent again).</summary>
    private async Task<Attempt?> Send(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        var attempt = delivery.AttemptCount + 1;

        // Each attempt is a trace of its own (the dispatch span, the HTTP call as its child), linked to the request
        // that caused the event: its trace id is the event's correlationId. Tags: type, attempt, status, outcome only.
        // The span ends once the batch's outcomes are stored.
        Activity.Current = null;
        ActivityLink[]? links = ActivityContext.TryParse(delivery.TraceParent, null, out var cause) ? [new ActivityLink(cause)] : null;
        var activity = Telemetry.Source.StartActivity(DispatchSpanName, ActivityKind.Internal, default(ActivityContext), links: links);
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
            activity?.Dispose();
            return null;
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

        var delivered = status is >= 200 and < 300;
        var gone = status == 410;
        return new Attempt(activity, attempt, status, (long)stopwatch.Elapsed.TotalMilliseconds, error ?? (delivered ? null : $"http_{status}"), delivered, gone,
            delivered ? TimeSpan.Zero : options.DelayAfter(attempt));
    }

    /// <summary>
    /// Stores a batch's attempts in one round trip and one transaction: the attempts themselves, the end of the
    /// failure streaks of endpoints that answered 2xx, the streaks started and the endpoints disabled. Then counts,
    /// logs and ends each attempt's span with its outcome: delivered, retry_scheduled, failed or endpoint_disabled.
    /// </summary>
    private async Task RecordOutcomes(IReadOnlyList<ClaimedDelivery> claimed, Attempt?[] attempts)
    {
        var sent = Enumerable.Range(0, claimed.Count).Where(i => attempts[i] is not null).Select(i => (Delivery: claimed[i], Attempt: attempts[i]!)).ToList();
        if (sent.Count == 0)
        {
            return;
        }

        var horizon = options.Scaled(WebhookOptions.GiveUpAfter).TotalSeconds;
        var succeeded = sent.Where(s => s.Attempt.Delivered).Select(s => (s.Delivery.TenantId, s.Delivery.Endpoint.Id)).Distinct().ToList();
        var failed = sent.Where(s => !s.Attempt.Delivered).GroupBy(s => (s.Delivery.TenantId, s.Delivery.Endpoint.Id))
            .Select(g => (g.Key.TenantId, g.Key.Id, Gone: g.Any(s => s.Attempt.Gone))).ToList();
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        var disabled = new HashSet<(string, string)>();
        await using (var connection = store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync(CancellationToken.None);
            await using var batch = new NpgsqlBatch(connection); // one implicit transaction
            batch.BatchCommands.Add(Command(
                Record,
                ("ids", sent.Select(s => s.Delivery.Id).ToArray()),
                ("codes", sent.Select(s => s.Attempt.Status).ToArray()),
                ("ms", sent.Select(s => s.Attempt.DurationMs).ToArray()),
                ("errors", sent.Select(s => s.Attempt.Error).ToArray()),
                ("delivered", sent.Select(s => s.Attempt.Delivered).ToArray()),
                ("gone", sent.Select(s => s.Attempt.Gone).ToArray()),
                ("delays", sent.Select(s => s.Attempt.Delay.TotalSeconds).ToArray()),
                ("horizon", horizon)));
            if (succeeded.Count > 0)
            {
                batch.BatchCommands.Add(Command(Succeeded, ("tenants", succeeded.Select(s => s.TenantId).ToArray()), ("endpoints", succeeded.Select(s => s.Id).ToArray())));
            }

            if (failed.Count > 0)
            {
                var tenants = failed.Select(f => f.TenantId).ToArray();
                var endpoints = failed.Select(f => f.Id).ToArray();
                batch.BatchCommands.Add(Command(FailureStreaks, ("tenants", tenants), ("endpoints", endpoints)));
                batch.BatchCommands.Add(Command(Disable, ("tenants", tenants), ("endpoints", endpoints), ("gone", failed.Select(f => f.Gone).ToArray()), ("horizon", horizon)));
            }

            await batch.PrepareAsync(CancellationToken.None);
            await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
            while (await reader.ReadAsync(CancellationToken.None))
            {
                stored[reader.GetString(0)] = reader.GetString(1);
            }

            if (failed.Count > 0)
            {
                while (await reader.NextResultAsync(CancellationToken.None))
                {
                    while (await reader.ReadAsync(CancellationToken.None))
                    {
                        disabled.Add((reader.GetString(0), reader.GetString(1)));
                    }
                }
            }
        }

        foreach (var (delivery, attempt) in sent)
        {
            // The attempt that disabled its endpoint: its 410, else its first failure in the batch (one per endpoint).
            var key = (delivery.TenantId, delivery.Endpoint.Id);
            var disabler = !attempt.Delivered && disabled.Contains(key)
                && (attempt.Gone || !sent.Any(s => s.Attempt.Gone && (s.Delivery.TenantId, s.Delivery.Endpoint.Id) == key))
                && disabled.Remove(key);
            var outcome = attempt.Delivered ? "delivered"
                : disabler ? "endpoint_disabled"
                : stored.GetValueOrDefault(delivery.Id) == "failed" ? "failed"
                : "retry_scheduled";
            Telemetry.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
            LogOutcome(logger, delivery.Id, delivery.Endpoint.Id, delivery.EventId, delivery.EventType, outcome, attempt.Status, attempt.DurationMs, attempt.Number, attempt.Error);
            if (attempt.Activity is { } activity)
            {
                activity.SetTag("http.response.status_code", attempt.Status);
                activity.SetTag("scheduling.outcome", outcome);
                if (!attempt.Delivered)
                {
                    activity.SetTag("error.type", attempt.Error);
                    activity.SetStatus(ActivityStatusCode.Error);
                }

                activity.Dispose();
            }
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
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

    /// <summary>One send's result, kept with its still-open span until the batch's outcomes are stored.</summary>
    private sealed record Attempt(Activity? Activity, int Number, int? Status, long DurationMs, string? Error, bool Delivered, bool Gone, TimeSpan Delay);
}
