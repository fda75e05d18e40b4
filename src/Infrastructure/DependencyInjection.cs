using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using Marten;
using Marten.Events.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Scheduling.Application.Appointments;
using Scheduling.Application.Appointments.Events;
using Scheduling.Application.Appointments.GetById;
using Scheduling.Application.Appointments.List;
using Scheduling.Application.Availability;
using Scheduling.Application.Availability.ListAvailable;
using Scheduling.Application.Common.Idempotency;
using Scheduling.Application.Common.Persistence;
using MediatR;
using Scheduling.Application.Patients;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Availability;
using Scheduling.Domain.Patients;
using Scheduling.Application.Events.Feed;
using Scheduling.Infrastructure.Appointments;
using Scheduling.Infrastructure.Events;
using Scheduling.Infrastructure.Appointments.Events;
using Scheduling.Infrastructure.Appointments.GetById;
using Scheduling.Infrastructure.Appointments.List;
using Scheduling.Infrastructure.Availability;
using Scheduling.Infrastructure.Idempotency;
using Scheduling.Infrastructure.Patients;
using Scheduling.Infrastructure.Patients.Erase;
using Scheduling.Application.Patients.Erase;
using Scheduling.Infrastructure.Persistence;
using Scheduling.Infrastructure.Rebuild;
using Scheduling.Infrastructure.Security;
using Scheduling.Infrastructure.Serialization;
using Microsoft.Extensions.Options;
using Scheduling.Application.Webhooks;
using Scheduling.Domain.Webhooks;
using Scheduling.Infrastructure.Webhooks;
using Weasel.Core;

namespace Scheduling.Infrastructure;

public static class DependencyInjection
{
    public const string SchemaName = "scheduling";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton<IClock>(SystemClock.Instance);
        services.AddMarten(sp =>
            {
                var options = new StoreOptions();
                ConfigureStore(options, connectionString);
                // Event timestamps (occurredAt, as-of reads) come from the service's clock, like every instant in event bodies.
                options.Events.TimeProvider = new ClockTimeProvider(sp.GetRequiredService<IClock>());
                options.Logger(new MartenLogs(sp.GetRequiredService<ILoggerFactory>().CreateLogger<IDocumentStore>()));
                return options;
            })
            .ApplyAllDatabaseChangesOnStartup();

        services.AddHostedService<ReadModelIndexes>();
        services.AddSingleton<IdempotencyMaintenance>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotencyMaintenance>());
        services.AddSingleton<PostgresKeyTables>();
        services.AddScoped<RequestTransaction>();
        services.AddScoped<IIdempotencyStore, IdempotencyStore>();
        services.AddScoped<TenantSession>();
        services.AddScoped<IUnitOfWork, MartenUnitOfWork>();
        // Outermost of the pipeline: every command and query, whichever port met the database error.
        services.Insert(0, ServiceDescriptor.Transient(typeof(IPipelineBehavior<,>), typeof(DatabaseErrorBehaviour<,>)));
        services.AddScoped<IAppointmentStreams, MartenAppointmentStreams>();
        services.AddScoped<IAppointmentReadModels, MartenAppointmentReadModels>();
        services.AddScoped<IAppointmentHistory, MartenAppointmentHistory>();
        services.AddScoped<IEventFeed, PostgresEventFeed>();
        services.AddScoped<IWindowBookings, MartenWindowBookings>();
        services.AddScoped<IAvailabilityQueries, MartenAvailabilityQueries>();
        services.AddScoped<IPatients, MartenPatients>();
        services.AddScoped<IPatientErasure, MartenPatientErasure>();
        services.AddScoped<IAppointmentListQueries, MartenAppointmentListQueries>();
        services.AddScoped<IAppointmentAuditTrail, MartenAppointmentAuditTrail>();
        services.AddTransient<ReadModelRebuild>();
        AddWebhooks(services);
        return services;
    }

    /// <summary>
    /// Endpoints and deliveries, the outbox listener (it needs the edge's <see cref="IWebhookPayloads"/>), the
    /// tables, the dispatcher and its HTTP client: no redirects, the SSRF connect check, the 10 s timeout.
    /// </summary>
    private static void AddWebhooks(IServiceCollection services)
    {
        services.AddScoped<IWebhookEndpoints, MartenWebhookEndpoints>();
        services.AddScoped<IWebhookDeliveries, SqlWebhookDeliveries>();
        services.AddSingleton<IWebhookTargets, WebhookConnections>();
        services.AddSingleton(sp => new WebhookRotationPolicy(
            WebhookEndpoint.RotationOverlap * sp.GetRequiredService<IOptions<WebhookOptions>>().Value.RotationOverlapScale));
        services.ConfigureMarten((sp, options) => options.Listeners.Add(new WebhookOutbox(sp.GetRequiredService<IWebhookPayloads>())));
        services.AddHostedService<WebhookTables>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddHostedService<WebhookLagGauge>();
        services.AddHttpClient(WebhookDispatcher.ClientName)
            .RemoveAllLoggers() // its request log lines would carry the URL; the dispatcher logs ids and statuses instead
            .ConfigureHttpClient((sp, client) =>
                client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestTimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                ConnectCallback = WebhookConnections.Connect,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
    }

    /// <summary>Connections per instance unless the connection string sets <c>Maximum Pool Size</c> (docs/operations.md, "Connections").</summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>
    /// Defaults this service wants unless the connection string says otherwise: fail fast when the database is
    /// unreachable (clients get a 503 within seconds, not a hang), skip the per-checkout DISCARD ALL (sessions keep
    /// no server-side state between commands), and a pool of 20, not Npgsql's 100: each new connection starts a
    /// PostgreSQL backend (≈ 35 ms on the 2-core bench machine), so 200 requests at once on a cold instance took
    /// 3.6–4.2 s with 100 connections, close to the 5 s timeout and its 503s, and 1.3 s with 20; two instances of
    /// 100 would also exceed PostgreSQL's default max_connections of 100.
    /// </summary>
    public static string WithServiceDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.ToUpperInvariant();
        if (!given.Contains("TIMEOUT", StringComparison.Ordinal))
        {
            builder.Timeout = 5;
            builder.CommandTimeout = 15;
        }

        if (!given.Contains("RESET", StringComparison.Ordinal))
        {
            builder.NoResetOnClose = true;
        }

        if (!SetsMaxPoolSize(connectionString))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }

    // Npgsql's spellings of the key: "Maximum Pool Size" and "MaxPoolSize", in any case.
    private static bool SetsMaxPoolSize(string connectionString) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant())
            .Any(key => key is "MAXPOOLSIZE" or "MAXIMUMPOOLSIZE");

    public static void ConfigureStore(StoreOptions options, string connectionString)
    {
        options.Connection(WithServiceDefaults(connectionString));
        options.DatabaseSchemaName = SchemaName;
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        options.UseSystemTextJsonForSerialization(
            EnumStorage.AsString,
            Casing.CamelCase,
            json =>
            {
                SchedulingJson.Configure(json);
                json.Converters.Add(new MetadataAsJsonStringConverter());
            });

        // Tenant = organisation + mode. Conjoined: one set of tables, every row tagged and filtered by tenant id.
        options.Events.StreamIdentity = StreamIdentity.AsString;
        // Quick append: one server-side function call per stream instead of fetch-then-insert round trips; the
        // timestamps are sent by the service (its clock), not taken from the database server.
        options.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        options.Events.TenancyStyle = TenancyStyle.Conjoined;
        // Audit metadata on every event: the request's trace id and the actor (docs/audit.md).
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.HeadersEnabled = true;
        // Marten's own spans (connection use, event appends) under the request's trace.
        options.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
        options.Policies.AllDocumentsAreMultiTenanted();

        // Audit-friendly event type names; they are part of the stored data, so never rename them.
        options.Events.MapEventType<AppointmentCreated>("appointment.created");
        options.Events.MapEventType<AppointmentScheduled>("appointment.scheduled");
        options.Events.MapEventType<AppointmentCancelled>("appointment.cancelled");
        options.Events.MapEventType<AppointmentCompleted>("appointment.completed");
        options.Events.MapEventType<AppointmentRescheduled>("appointment.rescheduled");
        options.Events.MapEventType<AppointmentUpdated>("appointment.updated");
        options.Events.MapEventType<AppointmentNoShow>("appointment.no_show");
        options.Events.MapEventType<AppointmentSchedulingLinkIssued>("appointment.scheduling_link_issued");
        options.Events.MapEventType<AvailabilityWindowOpened>("window.opened");
        options.Events.MapEventType<WindowPlaceBooked>("window.place_booked");
        options.Events.MapEventType<WindowPlaceReleased>("window.place_released");
        options.Events.MapEventType<PatientRegistered>("patient.registered");
        options.Events.MapEventType<PatientUpdated>("patient.updated");
        options.Events.MapEventType<PatientErased>("patient.erased");

        // Erasure (docs/audit.md): a masking rule per event type that carries personal data.
        PersonalDataMasking.Register(options);

        // Inline: reads must see the write that answered 201, and capacity is read in the booking transaction.
        options.Projections.Add<AvailabilityWindowProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<AppointmentProjection>(ProjectionLifecycle.Inline);

        options.Schema.For<AvailabilityWindow>().StartIndexesByTenantId().Index(w => w.TaskId);
        options.Schema.For<WebhookEndpoint>().DocumentAlias(WebhookTables.EndpointAlias);
        AppointmentIndexes.Configure(options);
        PatientIndexes.Configure(options);
    }
}
