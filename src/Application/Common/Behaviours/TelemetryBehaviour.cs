using System.Diagnostics;
using System.Diagnostics.Metrics;
using MediatR;
using Scheduling.Application.Appointments.Create;
using Scheduling.Application.Common.Exceptions;
using Scheduling.Domain.Appointments;
using Scheduling.Domain.Common;

namespace Scheduling.Application.Common.Behaviours;

/// <summary>The service's own trace source and meter. Labels never hold ids or personal data: only modes, types and codes.</summary>
public static class Telemetry
{
    public const string Name = "Scheduling";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> AppointmentsCreated =
        Meter.CreateCounter<long>("scheduling.appointments.created", description: "Appointments created, by scheduling mode and type.");

    public static readonly Counter<long> BookingsRefused =
        Meter.CreateCounter<long>("scheduling.bookings.refused", description: "Bookings, schedules and reschedules refused by a window rule, by problem code.");

    public static readonly Counter<long> IdempotencyReplays =
        Meter.CreateCounter<long>("scheduling.idempotency.replays", description: "Requests answered with a stored response for their Idempotency-Key.");

    /// <summary>Webhook delivery attempts by outcome; every attempt counts once, under one of these.</summary>
    public static readonly Counter<long> WebhookDeliveries =
        Meter.CreateCounter<long>("scheduling.webhooks.deliveries", description: "Webhook delivery attempts, by outcome (delivered, retry_scheduled, failed, endpoint_disabled).");

    /// <summary>The observable gauge's name; it is created per host (it reads that host's database).</summary>
    public const string WebhookOldestDueAge = "scheduling.webhooks.oldest_due_age_seconds";

    /// <summary>The stable problem code an exception becomes (the same codes clients see).</summary>
    public static string CodeOf(Exception exception) => exception switch
    {
        DomainException e => e.Code,
        NotFoundException e => e.Code,
        RequestValidationException => "validation_failed",
        ConcurrencyConflictException => "concurrency_conflict",
        PreconditionFailedException => "precondition_failed",
        DatabaseUnavailableException => "service_unavailable",
        _ => "internal_error",
    };
}

/// <summary>
/// One span per command or query, named after the request type, tagged with its outcome and problem code (never
/// field values); counts created appointments and refused bookings.
/// </summary>
public sealed class TelemetryBehaviour<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly string SpanName = typeof(TRequest).Name;

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        using var activity = Telemetry.Source.StartActivity(SpanName);
        try
        {
            var response = await next();
            activity?.SetTag("scheduling.outcome", "ok");
            if (request is CreateAppointment && response is Appointment created)
            {
                Telemetry.AppointmentsCreated.Add(
                    1, new("mode", created.SchedulingMode == SchedulingMode.PatientLed ? "patient_led" : "choose_a_time"), new("type", created.Type == AppointmentType.Scheduled ? "scheduled" : "standard"));
            }

            return response;
        }
        catch (Exception exception)
        {
            var code = Telemetry.CodeOf(exception);
            activity?.SetTag("scheduling.outcome", "problem");
            activity?.SetTag("scheduling.problem_code", code);
            activity?.SetStatus(code == "internal_error" ? ActivityStatusCode.Error : ActivityStatusCode.Unset);
            if (exception is DomainException { Code: var refused } && refused.StartsWith("window_", StringComparison.Ordinal))
            {
                Telemetry.BookingsRefused.Add(1, new KeyValuePair<string, object?>("code", refused));
            }

            throw;
        }
    }
}
