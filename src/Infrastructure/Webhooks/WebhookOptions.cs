namespace Scheduling.Infrastructure.Webhooks;

/// <summary>
/// Configuration section <c>Scheduling:Webhooks</c>. <see cref="BackoffScale"/> multiplies every delay of the retry
/// schedule and the 3-day give-up horizon, so tests run the real schedule in milliseconds.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Scheduling:Webhooks";

    /// <summary>Whether this instance sends (every instance may; they share the work through leases).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    public double BackoffScale { get; set; } = 1.0;

    /// <summary>
    /// Multiplies the 24 h a rotated-out secret keeps signing (<c>WebhookEndpoint.RotationOverlap</c>); only tests
    /// change it, to see the overlap end within seconds.
    /// </summary>
    public double RotationOverlapScale { get; set; } = 1.0;

    public int PollMilliseconds { get; set; } = 500;

    public int BatchSize { get; set; } = 64;

    public int Concurrency { get; set; } = 16;

    /// <summary>
    /// How long a claimed delivery is reserved at least; a crashed sender's deliveries are re-sent after it. The
    /// dispatcher lengthens it to cover its whole batch (one request timeout per round of <see cref="Concurrency"/>
    /// sends, plus 5 s), or a slow batch could be claimed twice.
    /// </summary>
    public int LeaseSeconds { get; set; } = 60;

    public int RequestTimeoutSeconds { get; set; } = 10;


    /// <summary>The contract's schedule: about 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then every 2 h.</summary>
    public static readonly TimeSpan[] Schedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2),
    ];

    /// <summary>After this long, a delivery is failed and an endpoint with only failures is disabled.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(3);

    public TimeSpan Scaled(TimeSpan delay) => TimeSpan.FromMilliseconds(Math.Max(1, delay.TotalMilliseconds * BackoffScale));

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, scaled, with ±20 % jitter.</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var basis = Schedule[Math.Clamp(attempt - 1, 0, Schedule.Length - 1)];
        return Scaled(basis * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}
